package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Variables: input mappings create local variables (evaluated in order, missing sources giving
 * null, nested targets building objects); output mappings decide what is merged; propagation
 * updates the nearest scope that has the variable and creates new ones at the root; SetVariables
 * propagates the same way unless local.
 *
 * <p>Docs: components/concepts/variables, apis-tools/zeebe-api/gateway-service (SetVariables).
 */
@Tag("variables")
public abstract class VariableSuite extends ConformanceSuite {

  @Test
  void inputMappingsCreateLocalVariablesInOrder() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask(
                "ship",
                t ->
                    t.zeebeJobType(id("job"))
                        .zeebeInputExpression("customer.name", "sender.name")
                        .zeebeInputExpression("iban", "sender.iban")
                        .zeebeInputExpression("sender.name + \" <\" + sender.iban + \">\"", "label")
                        .zeebeInputExpression("doesNotExist", "missing"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("customer", Map.of("name", "John"), "iban", "DE456"));

    ActivatedJob job = awaitJob(id("job"));

    assertThat(job.getVariablesAsMap())
        .containsEntry("sender", Map.of("name", "John", "iban", "DE456"))
        .containsEntry("label", "John <DE456>")
        .containsEntry("missing", null);
    complete(job);
    awaitCompleted(instance);
    assertThat(inspector.variables(instance)).doesNotContainKeys("sender", "label", "missing");
  }

  @Test
  void outputMappingsMergeOnlyWhatTheyMap() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask(
                "pay",
                t ->
                    t.zeebeJobType(id("job"))
                        .zeebeOutputExpression("result.status", "paymentStatus")
                        .zeebeOutputExpression("result.transactionId", "transactionId"))
            .endEvent("end")
            .done());
    long instance = start(id);

    completeNextJob(
        id("job"), Map.of("result", Map.of("status", "Ok", "transactionId", "t-789"), "debug", 1));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("paymentStatus", "Ok")))
        .isEqualTo(Map.of("paymentStatus", "Ok", "transactionId", "t-789"));
  }

  @Test
  void withoutOutputMappingsAllJobVariablesAreMerged() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("pay", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("orderId", "o-1"));

    completeNextJob(id("job"), Map.of("status", "Ok", "orderId", "o-2"));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("status", "Ok")))
        .isEqualTo(Map.of("status", "Ok", "orderId", "o-2"));
  }

  @Test
  void propagationUpdatesTheNearestScopeThatHasTheVariableAndCreatesNewOnesAtTheRoot() {
    // The documented example: Task B completes with b, c, d; b and c exist in higher scopes and
    // are updated there, d exists nowhere and is created in the root scope.
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "sub",
                s ->
                    s.zeebeInputExpression("\"sub-c\"", "c")
                        .zeebeOutputExpression("c", "cSeenAtTheEnd")
                        .embeddedSubProcess()
                        .startEvent("sub-start")
                        .serviceTask("task-b", t -> t.zeebeJobType(id("job")))
                        .endEvent("sub-end"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("a", 1, "b", 2));

    completeNextJob(id("job"), Map.of("b", 20, "c", "from-task", "d", 40));

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("d", 40)))
        .isEqualTo(Map.of("a", 1, "b", 20, "d", 40, "cSeenAtTheEnd", "from-task"));
  }

  @Test
  void setVariablesPropagatesUnlessLocal() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("foo", 2));
    ActivatedJob job = awaitJob(id("job"));

    client
        .newSetVariablesCommand(job.getElementInstanceKey())
        .variables(Map.of("foo", 5))
        .local(false)
        .send()
        .join();
    awaitVariables(instance, Map.of("foo", 5));

    client
        .newSetVariablesCommand(job.getElementInstanceKey())
        .variables(Map.of("foo", 7, "bar", 1))
        .local(true)
        .send()
        .join();
    client.newFailCommand(job.getKey()).retries(1).errorMessage("re-read variables").send().join();

    ActivatedJob again = awaitJob(id("job"));
    assertThat(again.getVariablesAsMap()).isEqualTo(Map.of("foo", 7, "bar", 1));
    assertThat(inspector.variables(instance)).isEqualTo(Map.of("foo", 5));
  }

  @Test
  void setVariablesOnTheInstanceCreatesRootVariables() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id);

    long commandKey =
        client
            .newSetVariablesCommand(instance)
            .variables(Map.of("priority", "high"))
            .send()
            .join()
            .getKey();

    assertThat(commandKey).isPositive();
    awaitVariables(instance, Map.of("priority", "high"));
    assertThat(awaitJob(id("job")).getVariablesAsMap()).containsEntry("priority", "high");
  }

  @Test
  void setVariablesOnAnUnknownElementInstanceIsNotFound() {
    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newSetVariablesCommand(2251799813999999L)
                    .variables(Map.of("x", 1))
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
