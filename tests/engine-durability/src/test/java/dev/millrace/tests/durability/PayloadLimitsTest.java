package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Oversized input: a clear RESOURCE_EXHAUSTED or INVALID_ARGUMENT, never a crash or a wedged
 * engine. Each test gets its own engine so that one that wedges cannot hide behind another.
 */
class PayloadLimitsTest {

  private static final int FIVE_MIB = 5 << 20;
  private static final Set<Status.Code> SIZE_ERRORS =
      Set.of(Status.Code.RESOURCE_EXHAUSTED, Status.Code.INVALID_ARGUMENT);

  @TempDir Path data;
  MillraceEngine engine;
  CamundaClient client;

  @BeforeEach
  void start() {
    engine = MillraceEngine.builder().dataDirectory(data).grpcPort(0).build().start();
    client = EngineClients.connect(engine.grpcPort());
    StillServes.deploy(client);
  }

  @AfterEach
  void stop() {
    try {
      StillServes.assertStillServes(engine, client);
    } finally {
      client.close();
      engine.close();
    }
  }

  static String variablesOf(int bytes) {
    return "{\"blob\":\"" + "x".repeat(bytes) + "\"}";
  }

  @Test
  void fiveMibOfInstanceVariables() {
    assertTooLarge(
        () ->
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("still-works")
                .latestVersion()
                .variables(variablesOf(FIVE_MIB))
                .send()
                .join(30, TimeUnit.SECONDS));
  }

  @Test
  void fiveMibDeployment() {
    String padding = "<!--" + "x".repeat(FIVE_MIB) + "-->";
    String xml =
        Bpmn.convertToString(Bpmn.createExecutableProcess("huge").startEvent().endEvent().done())
            + padding;
    assertTooLarge(
        () ->
            client
                .newDeployResourceCommand()
                .addResourceBytes(xml.getBytes(StandardCharsets.UTF_8), "huge.bpmn")
                .send()
                .join(30, TimeUnit.SECONDS));
  }

  @Test
  void fiveMibMessageVariables() {
    assertTooLarge(
        () ->
            client
                .newPublishMessageCommand()
                .messageName("big")
                .correlationKey("k")
                .variables(variablesOf(FIVE_MIB))
                .send()
                .join(30, TimeUnit.SECONDS));
  }

  @Test
  void fiveMibJobCompletion() {
    client.newCreateInstanceCommand().bpmnProcessId("still-works").latestVersion().send().join();
    var job =
        client
            .newActivateJobsCommand()
            .jobType("still-works")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(10))
            .send()
            .join()
            .getJobs()
            .getFirst();
    assertTooLarge(
        () ->
            client
                .newCompleteCommand(job.getKey())
                .variables(variablesOf(FIVE_MIB))
                .send()
                .join(30, TimeUnit.SECONDS));
    // The job is untouched: a normal completion still works.
    client.newCompleteCommand(job.getKey()).send().join(10, TimeUnit.SECONDS);
  }

  /**
   * Each request is under the 4 MiB message limit, but the process multiplies it: input mappings
   * copy a 3 MiB variable six times, so one processing step produces well over the log's 16 MiB
   * entry limit. Zeebe answers such a step with a rejection or an incident; the engine must not
   * stop.
   */
  @Test
  void mappingsThatMultiplyAnAcceptedPayload() {
    client
        .newDeployResourceCommand()
        .addProcessModel(amplifying("amplify", false), "amplify.bpmn")
        .send()
        .join();
    Throwable thrown =
        catchThrowable(
            () ->
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId("amplify")
                    .latestVersion()
                    .variables(variablesOf(3 << 20))
                    .send()
                    .join(30, TimeUnit.SECONDS));
    if (thrown != null) {
      assertSizeError(thrown);
    }
  }

  /**
   * A process whose task copies the variable {@code blob} six times into its local scope, so one
   * processing step holds it seven times: with a 3 MiB blob, more than a log entry (16 MiB) holds.
   */
  static io.camunda.zeebe.model.bpmn.BpmnModelInstance amplifying(String id, boolean timerFirst) {
    io.camunda.zeebe.model.bpmn.builder.AbstractFlowNodeBuilder<?, ?> beforeTask =
        Bpmn.createExecutableProcess(id).startEvent();
    if (timerFirst) {
      beforeTask = beforeTask.intermediateCatchEvent("soon").timerWithDuration("PT1S");
    }
    return beforeTask
        .serviceTask(
            "copies",
            t -> {
              t.zeebeJobType("amplified");
              for (int i = 1; i <= 6; i++) {
                t.zeebeInputExpression("blob", "copy" + i);
              }
            })
        .endEvent()
        .done();
  }

  /**
   * Nesting just under the client's JSON limit (1000), read by FEEL through a mapping: deep
   * recursion must not take the processing thread down (a StackOverflowError is not an exception).
   */
  @Test
  void deeplyNestedVariablesThroughAMapping() {
    client
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("deep")
                .startEvent()
                .serviceTask(
                    "nested", t -> t.zeebeJobType("deep").zeebeInputExpression("deep", "copy"))
                .endEvent()
                .done(),
            "deep.bpmn")
        .send()
        .join();
    int depth = 990;
    String nested = "{\"deep\":" + "[".repeat(depth) + "]".repeat(depth) + "}";
    Throwable thrown =
        catchThrowable(
            () ->
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId("deep")
                    .latestVersion()
                    .variables(nested)
                    .requestTimeout(Duration.ofSeconds(5))
                    .send()
                    .join(30, TimeUnit.SECONDS));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(ClientStatusException.class);
      assertThat(((ClientStatusException) thrown).getStatusCode())
          .isEqualTo(Status.Code.INVALID_ARGUMENT);
      return;
    }
    var jobs =
        client
            .newActivateJobsCommand()
            .jobType("deep")
            .maxJobsToActivate(1)
            .requestTimeout(Duration.ofSeconds(5))
            .send()
            .join(30, TimeUnit.SECONDS)
            .getJobs();
    assertThat(jobs).as("the job of the deeply nested instance").hasSize(1);
    assertThat(jobs.getFirst().getVariables()).startsWith("{").contains("[[[[[[[[");
  }

  private static void assertTooLarge(ThrowingCallable call) {
    assertSizeError(catchThrowable(call));
  }

  private static void assertSizeError(Throwable thrown) {
    assertThat(thrown).isInstanceOf(ClientStatusException.class);
    var status = (ClientStatusException) thrown;
    System.out.printf(
        "[payload] %s: %s%n",
        status.getStatusCode(),
        status.getMessage().substring(0, Math.min(300, status.getMessage().length())));
    assertThat(status.getStatusCode()).as(status.getMessage()).isIn(SIZE_ERRORS);
  }
}
