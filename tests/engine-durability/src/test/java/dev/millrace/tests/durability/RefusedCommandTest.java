package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A step the engine cannot write (its records exceed a log entry) is refused and the engine
 * rebuilds its state from the log. That must cost the refused step only: not the answers other
 * callers are waiting for, and not the engine's ability to serve when the step comes back by itself
 * (a timer).
 */
class RefusedCommandTest {

  @TempDir Path data;
  MillraceEngine engine;
  CamundaClient client;

  @BeforeEach
  void start() {
    startEngine();
    client
        .newDeployResourceCommand()
        .addProcessModel(PayloadLimitsTest.amplifying("amplify", false), "amplify.bpmn")
        .addProcessModel(PayloadLimitsTest.amplifying("amplify-later", true), "amplify-later.bpmn")
        .addProcessModel(StillServes.oneTask(StillServes.PROCESS), "still-works.bpmn")
        .addProcessModel(StillServes.oneTask("waits"), "waits.bpmn")
        .addProcessModel(StillServes.oneTask("later"), "later.bpmn")
        .send()
        .join();
  }

  private void startEngine() {
    engine = MillraceEngine.builder().dataDirectory(data).grpcPort(0).build().start();
    client = EngineClients.connect(engine.grpcPort());
  }

  @AfterEach
  void stop() {
    EngineClients.closeWithin(Duration.ofSeconds(15), client);
    engine.close();
  }

  /**
   * Zeebe answers CreateProcessInstanceWithResult when the instance completes, and a long-polling
   * ActivateJobs when a job appears; an unrelated refused command in between changes neither.
   */
  @Test
  void aRefusedCommandCostsNoOtherCallerItsAnswer() {
    var result =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("waits")
            .latestVersion()
            .variables(Map.of("tag", "waited"))
            .withResult()
            .requestTimeout(Duration.ofSeconds(40))
            .send();
    var job =
        client
            .newActivateJobsCommand()
            .jobType("waits")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(10))
            .send()
            .join(20, TimeUnit.SECONDS)
            .getJobs()
            .getFirst();
    var longPoll =
        client
            .newActivateJobsCommand()
            .jobType("later")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(40))
            .send();
    EngineProcess.sleep(500); // the poll is now parked in the engine

    Throwable refused =
        catchThrowable(
            () ->
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId("amplify")
                    .latestVersion()
                    .variables(PayloadLimitsTest.variablesOf(3 << 20))
                    .send()
                    .join(30, TimeUnit.SECONDS));
    assertThat(refused).isInstanceOf(ClientStatusException.class);
    assertThat(((ClientStatusException) refused).getStatusCode())
        .isEqualTo(Status.Code.RESOURCE_EXHAUSTED);

    client.newCompleteCommand(job.getKey()).send().join(10, TimeUnit.SECONDS);
    client.newCreateInstanceCommand().bpmnProcessId("later").latestVersion().send().join();

    Throwable resultFailure = catchThrowable(() -> result.join(10, TimeUnit.SECONDS));
    Throwable pollFailure = catchThrowable(() -> longPoll.join(10, TimeUnit.SECONDS));
    assertThat(resultFailure)
        .as("the awaited result of an instance that completed after the refusal")
        .isNull();
    assertThat(pollFailure).as("the parked long poll, after a job of its type appeared").isNull();
    assertThat(result.join().getVariablesAsMap()).containsEntry("tag", "waited");
    assertThat(longPoll.join().getJobs()).hasSize(1);
  }

  /**
   * The oversized step comes after a timer: the creation was acknowledged long before, so the step
   * cannot be refused to anyone. Whatever the engine makes of it (Zeebe raises an incident), it
   * must keep serving promptly, before and after a restart on the same data.
   */
  @Test
  void anOversizedStepAfterATimerLeavesTheEngineServing() {
    client
        .newCreateInstanceCommand()
        .bpmnProcessId("amplify-later")
        .latestVersion()
        .variables(PayloadLimitsTest.variablesOf(3 << 20))
        .send()
        .join(30, TimeUnit.SECONDS);
    EngineProcess.sleep(3_000); // the timer (1 s) is due

    StillServes.assertStillServes(engine, client);

    EngineClients.closeWithin(Duration.ofSeconds(15), client);
    engine.close();
    startEngine();
    EngineProcess.sleep(2_000);

    StillServes.assertStillServes(engine, client);
  }
}
