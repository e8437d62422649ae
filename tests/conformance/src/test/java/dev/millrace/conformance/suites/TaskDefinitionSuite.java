package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * zeebe:taskDefinition and zeebe:taskHeaders: the job type and retries as static values or FEEL
 * expressions evaluated when the task is activated, three retries when none are given, and custom
 * headers handed to the worker as they are modelled.
 *
 * <p>Docs: components/modeler/bpmn/service-tasks (task definition, task headers).
 */
@Tag("task-definitions")
public abstract class TaskDefinitionSuite extends ConformanceSuite {

  @Test
  void staticRetriesAreTheJobsRetries() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(id("job")).zeebeJobRetries("5"))
            .endEvent()
            .done());
    start(id);

    assertThat(awaitJob(id("job")).getRetries()).isEqualTo(5);
  }

  @Test
  void jobTypeAndRetriesMayBeExpressionsEvaluatedAtActivation() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask(
                "task",
                t ->
                    t.zeebeJobTypeExpression("\"" + id("pay") + "-\" + region")
                        .zeebeJobRetriesExpression("attempts + 1"))
            .endEvent()
            .done());
    long instance = start(id, Map.of("region", "eu", "attempts", 4));

    ActivatedJob job = awaitJob(id("pay") + "-eu");

    assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(job.getType()).isEqualTo(id("pay") + "-eu");
    assertThat(job.getRetries()).isEqualTo(5);
  }

  @Test
  void customHeadersAreHandedToTheWorkerAsModelled() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask(
                "task",
                t ->
                    t.zeebeJobType(id("job"))
                        .zeebeTaskHeader("method", "VISA")
                        .zeebeTaskHeader("endpoint", "https://pay.example/v1?x=1&y=2")
                        .zeebeTaskHeader("note", "= not an expression"))
            .endEvent()
            .done());
    start(id);

    assertThat(awaitJob(id("job")).getCustomHeaders())
        .isEqualTo(
            Map.of(
                "method", "VISA",
                "endpoint", "https://pay.example/v1?x=1&y=2",
                "note", "= not an expression"));
  }

  @Test
  void taskWithoutHeadersHasNoCustomHeaders() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
    start(id);

    assertThat(awaitJob(id("job")).getCustomHeaders()).isEmpty();
  }
}
