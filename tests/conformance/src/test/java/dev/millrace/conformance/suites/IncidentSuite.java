package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.IncidentView;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Incidents raised by the process itself (the job-related ones live in JobLifecycleSuite and
 * ThrowErrorSuite): a failing expression, an exclusive gateway with no matching flow, a call to a
 * process that does not exist. Each is fixed (SetVariables, a deployment) and then resolved with
 * ResolveIncident, after which the instance continues.
 *
 * <p>Docs: components/concepts/incidents, components/modeler/feel/language-guide/
 * feel-error-handling (assert), exclusive-gateways, call-activities,
 * apis-tools/zeebe-api/gateway-service (ResolveIncident).
 */
@Tag("incidents")
public abstract class IncidentSuite extends ConformanceSuite {

  @Test
  void failingInputMappingRaisesAnIncidentThatResolvesOnceFixed() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask(
                "ship",
                t ->
                    t.zeebeJobType(id("job"))
                        .zeebeInputExpression("assert(address, address != null)", "shipTo"))
            .endEvent("end")
            .done());
    long instance = start(id);

    // Zeebe files failures of input and output mappings as IO_MAPPING_ERROR, failures of other
    // expressions (job type, script, correlation key, input collection) as EXTRACT_VALUE_ERROR.
    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("IO_MAPPING_ERROR");
    assertThat(incident.elementId()).isEqualTo("ship");
    assertThat(incident.jobKey()).isNull();
    assertThat(incident.errorMessage()).isNotBlank();

    client.newSetVariablesCommand(instance).variables(Map.of("address", "Main St 1")).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();

    assertThat(awaitJob(id("job")).getVariablesAsMap()).containsEntry("shipTo", "Main St 1");
    awaitNoIncident(instance);
  }

  @Test
  void jobTypeExpressionThatIsNotAStringRaisesAnIncident() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("dispatch", t -> t.zeebeJobTypeExpression("jobType"))
            .endEvent("end")
            .done());
    long instance = start(id);

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("EXTRACT_VALUE_ERROR");
    assertThat(incident.elementId()).isEqualTo("dispatch");

    client.newSetVariablesCommand(instance).variables(Map.of("jobType", id("job"))).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();

    completeNextJob(id("job"), Map.of());
    awaitCompleted(instance);
  }

  @Test
  void failingScriptRaisesAnIncidentAndIsEvaluatedAgainOnResolution() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .scriptTask(
                "compute",
                s -> s.zeebeExpression("assert(price, price > 0) * 2").zeebeResultVariable("total"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("price", -1));

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("EXTRACT_VALUE_ERROR");
    assertThat(incident.elementId()).isEqualTo("compute");

    client.newSetVariablesCommand(instance).variables(Map.of("price", 21)).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();

    awaitCompleted(instance);
    awaitVariables(instance, Map.of("total", 42));
  }

  @Test
  void exclusiveGatewayWithoutMatchingFlowRaisesAConditionIncident() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .exclusiveGateway("amount-check")
            .conditionExpression("amount > 100")
            .endEvent("large")
            .moveToLastExclusiveGateway()
            .conditionExpression("amount < 0")
            .endEvent("refund")
            .done());
    long instance = start(id, Map.of("amount", 50));

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("CONDITION_ERROR");
    assertThat(incident.elementId()).isEqualTo("amount-check");

    client.newSetVariablesCommand(instance).variables(Map.of("amount", 500)).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();

    awaitCompleted(instance);
    awaitPath(instance, "start", "amount-check", "large");
  }

  @Test
  void callingAProcessThatIsNotDeployedRaisesAnIncidentUntilItIs() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .callActivity("call", c -> c.zeebeProcessId(id("missing-child")))
            .endEvent("end")
            .done());
    long instance = start(id);

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("CALLED_ELEMENT_ERROR");
    assertThat(incident.elementId()).isEqualTo("call");
    assertThat(incident.errorMessage()).contains(id("missing-child"));

    deploy(Bpmn.createExecutableProcess(id("missing-child")).startEvent().endEvent().done());
    client.newResolveIncidentCommand(incident.key()).send().join();

    awaitCompleted(instance);
    awaitPath(instance, "start", "call", "end");
  }

  @Test
  void resolvingWithoutFixingTheCauseRaisesANewIncident() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .exclusiveGateway("amount-check")
            .conditionExpression("amount > 100")
            .endEvent("large")
            .moveToLastExclusiveGateway()
            .conditionExpression("amount < 0")
            .endEvent("refund")
            .done());
    long instance = start(id, Map.of("amount", 50));
    IncidentView first = awaitIncident(instance);

    client.newResolveIncidentCommand(first.key()).send().join();

    await()
        .untilAsserted(
            () ->
                assertThat(inspector.incidents(instance))
                    .singleElement()
                    .satisfies(
                        next -> {
                          assertThat(next.key()).isNotEqualTo(first.key());
                          assertThat(next.errorType()).isEqualTo("CONDITION_ERROR");
                          assertThat(next.elementId()).isEqualTo("amount-check");
                        }));
  }

  @Test
  void resolvingAnUnknownIncidentIsNotFound() {
    Rejection rejection =
        Rejection.of(() -> client.newResolveIncidentCommand(2251799813999999L).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
