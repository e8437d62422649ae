package dev.millrace.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process that loops without a wait state runs in bounded batches, so the engine keeps answering
 * other requests, and the loop can be cancelled.
 */
class EndlessLoopTest {

  @TempDir Path dataDir;

  @Test
  void anEndlessLoopDoesNotWedgeTheEngine() {
    try (var engine = MillraceEngine.builder().dataDirectory(dataDir).grpcPort(0).build().start();
        var client =
            CamundaClient.newClientBuilder()
                .grpcAddress(engine.grpcAddress())
                .preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(10))
                .build()) {
      var loop =
          Bpmn.createExecutableProcess("forever")
              .startEvent()
              .exclusiveGateway("again")
              .scriptTask("count", s -> s.zeebeExpression("n + 1").zeebeResultVariable("n"))
              .connectTo("again")
              .done();
      client.newDeployResourceCommand().addProcessModel(loop, "forever.bpmn").send().join();
      long looping =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("forever")
              .latestVersion()
              .variables("{\"n\":0}")
              .send()
              .join()
              .getProcessInstanceKey();

      var quick = Bpmn.createExecutableProcess("quick").startEvent().endEvent().done();
      client.newDeployResourceCommand().addProcessModel(quick, "quick.bpmn").send().join();
      var result =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("quick")
              .latestVersion()
              .withResult()
              .requestTimeout(Duration.ofSeconds(10))
              .send()
              .join();
      assertThat(result.getProcessInstanceKey()).isPositive();

      client.newCancelInstanceCommand(looping).send().join();
      assertThat(engine.isHealthy()).isTrue();
    }
  }
}
