package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Task types: service and send tasks create jobs of their type; a user task without {@code
 * zeebe:userTask} is job-based, with the job type {@code io.camunda.zeebe:userTask} and its
 * assignment as headers; a script task with {@code zeebe:script} evaluates FEEL into its result
 * variable; manual and undefined tasks pass through. Receive tasks are in MessageSuite.
 *
 * <p>Docs: components/modeler/bpmn/service-tasks, send-tasks, user-tasks (job worker
 * implementation), script-tasks, manual-tasks, undefined-tasks.
 */
@Tag("tasks")
public abstract class TaskSuite extends ConformanceSuite {

  private static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  @Test
  void serviceTaskWaitsForItsJob() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id);

    ActivatedJob job = awaitJob(id("job"));
    assertThat(job.getElementId()).isEqualTo("charge");
    assertStillWaitingAt(instance, "charge");
    complete(job);

    awaitCompleted(instance);
    awaitPath(instance, "start", "charge", "end");
  }

  @Test
  void sendTaskIsDoneByAJobWorker() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .sendTask("notify", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id);

    ActivatedJob job = completeNextJob(id("job"), Map.of("notified", true));

    assertThat(job.getElementId()).isEqualTo("notify");
    awaitCompleted(instance);
    awaitPath(instance, "start", "notify", "end");
    awaitVariables(instance, Map.of("notified", true));
  }

  @Test
  void userTaskWithoutZeebeUserTaskIsAJobWithItsAssignmentInHeaders() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .userTask("approve", u -> u.zeebeAssignee("demo").zeebeTaskHeader("level", "2"))
            .endEvent("end")
            .done());
    long instance = start(id);

    ActivatedJob job =
        await()
            .until(
                () -> activate(USER_TASK_JOB_TYPE, 100),
                jobs -> jobs.stream().anyMatch(j -> j.getProcessInstanceKey() == instance))
            .stream()
            .filter(j -> j.getProcessInstanceKey() == instance)
            .findFirst()
            .orElseThrow();

    assertThat(job.getElementId()).isEqualTo("approve");
    assertThat(job.getCustomHeaders())
        .containsEntry("io.camunda.zeebe:assignee", "demo")
        .containsEntry("level", "2");
    complete(job, Map.of("approved", true));
    awaitCompleted(instance);
    awaitVariables(instance, Map.of("approved", true));
  }

  @Test
  void scriptTaskEvaluatesItsFeelExpressionIntoTheResultVariable() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .scriptTask(
                "total",
                s ->
                    s.zeebeExpression("sum(for item in items return item.price * item.quantity)")
                        .zeebeResultVariable("total"))
            .endEvent("end")
            .done());

    long instance =
        start(
            id,
            Map.of(
                "items",
                List.of(Map.of("price", 5, "quantity", 2), Map.of("price", 3, "quantity", 4))));

    awaitCompleted(instance);
    awaitPath(instance, "start", "total", "end");
    awaitVariables(instance, Map.of("total", 22));
  }

  @Test
  void scriptTaskResultCanBeMappedByAnOutputMapping() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .scriptTask(
                "greet",
                s ->
                    s.zeebeExpression("{text: \"Hello \" + name, length: string length(name)}")
                        .zeebeResultVariable("greeting")
                        .zeebeOutputExpression("greeting.text", "message"))
            .endEvent("end")
            .done());

    long instance = start(id, Map.of("name", "Ada"));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("message", "Hello Ada")))
        .as("with an output mapping only the mapped variables are merged")
        .doesNotContainKey("greeting");
  }

  @Test
  void manualTaskPassesThrough() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .manualTask("sign-paper")
            .endEvent("end")
            .done());

    long instance = start(id);

    awaitCompleted(instance);
    awaitPath(instance, "start", "sign-paper", "end");
  }

  @Test
  void undefinedTaskPassesThrough() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .task("something")
            .endEvent("end")
            .done());

    long instance = start(id);

    awaitCompleted(instance);
    awaitPath(instance, "start", "something", "end");
  }
}
