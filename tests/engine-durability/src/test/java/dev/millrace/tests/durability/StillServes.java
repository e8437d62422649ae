package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The probe the bad-input tests run after each refusal: the engine is healthy and a whole good
 * round trip (create with result, activate, complete) through the {@code still-works} process still
 * gives back what went in.
 */
final class StillServes {

  static final String PROCESS = "still-works";

  private StillServes() {}

  /** start, one service task whose job type is {@code id}, end. */
  static BpmnModelInstance oneTask(String id) {
    return Bpmn.createExecutableProcess(id)
        .startEvent()
        .serviceTask("work", t -> t.zeebeJobType(id))
        .endEvent()
        .done();
  }

  static void deploy(CamundaClient client) {
    client
        .newDeployResourceCommand()
        .addProcessModel(oneTask(PROCESS), PROCESS + ".bpmn")
        .send()
        .join();
  }

  static void assertStillServes(MillraceEngine engine, CamundaClient client) {
    assertThat(engine.isHealthy()).as("engine healthy").isTrue();
    var topology = client.newTopologyRequest().send().join(10, TimeUnit.SECONDS);
    assertThat(topology.getBrokers().getFirst().getPartitions().getFirst().getHealth().name())
        .isEqualTo("HEALTHY");
    long probe = new Random().nextLong(1_000_000);
    var result =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(PROCESS)
            .latestVersion()
            .variables(Map.of("probe", probe))
            .withResult()
            .requestTimeout(Duration.ofSeconds(20))
            .send();
    var jobs =
        client
            .newActivateJobsCommand()
            .jobType(PROCESS)
            .maxJobsToActivate(10)
            .requestTimeout(Duration.ofSeconds(10))
            .send()
            .join(20, TimeUnit.SECONDS)
            .getJobs();
    assertThat(jobs).isNotEmpty();
    for (var job : jobs) {
      client
          .newCompleteCommand(job.getKey())
          .variables(Map.of("echo", job.getVariablesAsMap().get("probe")))
          .send()
          .join(10, TimeUnit.SECONDS);
    }
    assertThat(result.join(30, TimeUnit.SECONDS).getVariablesAsMap())
        .containsEntry("probe", (int) probe);
  }
}
