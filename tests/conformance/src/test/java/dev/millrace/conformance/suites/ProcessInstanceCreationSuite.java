package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.response.ProcessInstanceResult;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CreateProcessInstance and CreateProcessInstanceWithResult: by id and latest or given version, by
 * definition key, with variables; waiting for the result, fetchVariables, the request timeout; and
 * the documented NOT_FOUND and FAILED_PRECONDITION answers.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (CreateProcessInstance,
 * CreateProcessInstanceWithResult).
 */
@Tag("creation")
public abstract class ProcessInstanceCreationSuite extends ConformanceSuite {

  private BpmnModelInstance oneTaskProcess(String jobType) {
    return Bpmn.createExecutableProcess(id)
        .startEvent("start")
        .serviceTask("task", t -> t.zeebeJobType(jobType))
        .endEvent("end")
        .done();
  }

  private BpmnModelInstance sumProcess() {
    return Bpmn.createExecutableProcess(id)
        .startEvent("start")
        .scriptTask("sum", s -> s.zeebeExpression("a + b").zeebeResultVariable("sum"))
        .endEvent("end")
        .done();
  }

  @Test
  void latestVersionIsUsedWhenCreatingByProcessId() {
    deploy(oneTaskProcess(id("v1")));
    deploy(oneTaskProcess(id("v2")));

    ProcessInstanceEvent created =
        client.newCreateInstanceCommand().bpmnProcessId(id).latestVersion().send().join();

    assertThat(created.getBpmnProcessId()).isEqualTo(id);
    assertThat(created.getVersion()).isEqualTo(2);
    assertThat(awaitJob(id("v2")).getProcessInstanceKey())
        .isEqualTo(created.getProcessInstanceKey());
  }

  @Test
  void givenVersionIsUsedWhenCreatingByProcessIdAndVersion() {
    deploy(oneTaskProcess(id("v1")));
    deploy(oneTaskProcess(id("v2")));

    ProcessInstanceEvent created =
        client.newCreateInstanceCommand().bpmnProcessId(id).version(1).send().join();

    assertThat(created.getVersion()).isEqualTo(1);
    assertThat(awaitJob(id("v1")).getProcessInstanceKey())
        .isEqualTo(created.getProcessInstanceKey());
  }

  @Test
  void instanceIsCreatedByProcessDefinitionKey() {
    long firstKey =
        deploy(oneTaskProcess(id("v1"))).getProcesses().getFirst().getProcessDefinitionKey();
    deploy(oneTaskProcess(id("v2")));

    ProcessInstanceEvent created =
        client.newCreateInstanceCommand().processDefinitionKey(firstKey).send().join();

    assertThat(created.getProcessDefinitionKey()).isEqualTo(firstKey);
    assertThat(created.getBpmnProcessId()).isEqualTo(id);
    assertThat(created.getVersion()).isEqualTo(1);
  }

  @Test
  void variablesGivenAtCreationAreRootVariables() {
    deploy(oneTaskProcess(id("job")));
    Map<String, Object> variables =
        vars(
            "text",
            "hello",
            "count",
            3,
            "ratio",
            2.5,
            "flag",
            true,
            "nothing",
            null,
            "items",
            List.of(1, 2, 3),
            "order",
            Map.of("id", "o-1", "amount", 12));

    long instance = start(id, variables);

    assertThat(awaitVariables(instance, variables)).containsOnlyKeys(variables.keySet());
  }

  @Test
  void withResultAnswersWhenTheInstanceCompletesWithAllRootVariables() {
    deploy(sumProcess());

    ProcessInstanceResult result =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(id)
            .latestVersion()
            .variables(Map.of("a", 1, "b", 2))
            .withResult()
            .send()
            .join();

    assertThat(result.getBpmnProcessId()).isEqualTo(id);
    assertThat(result.getVersion()).isEqualTo(1);
    assertThat(result.getVariablesAsMap()).isEqualTo(Map.of("a", 1, "b", 2, "sum", 3));
    awaitCompleted(result.getProcessInstanceKey());
  }

  @Test
  void withResultWaitsForWorkDoneByAJobWorker() {
    deploy(oneTaskProcess(id("job")));
    CamundaFuture<ProcessInstanceResult> pending =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(id)
            .latestVersion()
            .withResult()
            .requestTimeout(PATIENCE)
            .send();

    ActivatedJob job = awaitJob(id("job"));
    assertThat(pending.isDone()).as("no result before the job is completed").isFalse();
    complete(job, Map.of("answer", 42));

    ProcessInstanceResult result = pending.join();
    assertThat(result.getProcessInstanceKey()).isEqualTo(job.getProcessInstanceKey());
    assertThat(result.getVariablesAsMap()).containsEntry("answer", 42);
  }

  @Test
  void withResultReturnsOnlyTheFetchedVariables() {
    deploy(sumProcess());

    ProcessInstanceResult result =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId(id)
            .latestVersion()
            .variables(Map.of("a", 1, "b", 2))
            .withResult()
            .fetchVariables("sum")
            .send()
            .join();

    assertThat(result.getVariablesAsMap()).isEqualTo(Map.of("sum", 3));
  }

  @Test
  void withResultTimesOutWithDeadlineExceededWhenTheInstanceWaits() {
    deploy(oneTaskProcess(id("never-worked")));

    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newCreateInstanceCommand()
                    .bpmnProcessId(id)
                    .latestVersion()
                    .withResult()
                    .requestTimeout(Duration.ofSeconds(2))
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.DEADLINE_EXCEEDED);
    // The instance itself was created and keeps waiting for its job.
    assertThat(awaitJob(id("never-worked")).getBpmnProcessId()).isEqualTo(id);
  }

  @Test
  void unknownProcessIdIsNotFound() {
    Rejection rejection = Rejection.of(() -> start(id("never-deployed")));

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
    assertThat(rejection.description()).contains(id("never-deployed"));
  }

  @Test
  void unknownVersionIsNotFound() {
    deploy(oneTaskProcess(id("job")));

    Rejection rejection =
        Rejection.of(
            () -> client.newCreateInstanceCommand().bpmnProcessId(id).version(7).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void unknownProcessDefinitionKeyIsNotFound() {
    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newCreateInstanceCommand()
                    .processDefinitionKey(2251799813999999L)
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void processWithoutNoneStartEventIsFailedPrecondition() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("message-start")
            .message(id("start-message"))
            .endEvent()
            .done());

    Rejection rejection = Rejection.of(() -> start(id));

    assertThat(rejection.code()).isEqualTo(Code.FAILED_PRECONDITION);
  }
}
