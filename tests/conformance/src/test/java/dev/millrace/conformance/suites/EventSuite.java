package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.IncidentView;
import dev.millrace.conformance.engine.ProcessInstanceState;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * End and intermediate throw events: a none end event ends its branch and the instance completes
 * when no branch is left; a terminate end event ends everything in its scope and completes that
 * scope; an error end event throws to the enclosing scopes; an intermediate none throw event passes
 * through.
 *
 * <p>Docs: components/modeler/bpmn/none-events, terminate-events, error-events.
 */
@Tag("events")
public abstract class EventSuite extends ConformanceSuite {

  @Test
  void instanceCompletesOnlyWhenEveryBranchReachedItsNoneEndEvent() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .parallelGateway("fork")
            .endEvent("quick-end")
            .moveToNode("fork")
            .serviceTask("slow", t -> t.zeebeJobType(id("job")))
            .endEvent("slow-end")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    await()
        .untilAsserted(
            () -> assertThat(inspector.completedElementIds(instance)).contains("quick-end"));
    assertThat(inspector.state(instance)).isEqualTo(ProcessInstanceState.ACTIVE);
    complete(job);

    awaitCompleted(instance);
  }

  @Test
  void terminateEndEventTerminatesTheOtherBranchesAndCompletesTheInstance() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .parallelGateway("fork")
            .serviceTask("long-running", t -> t.zeebeJobType(id("long")))
            .endEvent("normal-end")
            .moveToNode("fork")
            .serviceTask("decide", t -> t.zeebeJobType(id("decide")))
            .endEvent("abort")
            .terminate()
            .done());
    long instance = start(id);
    ActivatedJob longRunning = awaitJob(id("long"));

    completeNextJob(id("decide"), Map.of());

    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .contains("decide", "abort")
                    .doesNotContain("long-running", "normal-end"));
    assertThat(Rejection.of(() -> complete(longRunning)).code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void terminateEndEventInsideASubProcessEndsOnlyThatSubProcess() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "sub",
                s ->
                    s.embeddedSubProcess()
                        .startEvent("sub-start")
                        .parallelGateway("fork")
                        .serviceTask("inner-task", t -> t.zeebeJobType(id("inner")))
                        .endEvent("inner-end")
                        .moveToNode("fork")
                        .endEvent("sub-terminate")
                        .terminate())
            .serviceTask("after", t -> t.zeebeJobType(id("after")))
            .endEvent("end")
            .done());
    long instance = start(id);

    completeNextJob(id("after"), Map.of());

    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .containsSubsequence("sub-terminate", "sub", "after", "end")
                    .doesNotContain("inner-task"));
  }

  @Test
  void errorEndEventInsideASubProcessIsCaughtByItsBoundaryEvent() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "checkout",
                s ->
                    s.embeddedSubProcess()
                        .startEvent("checkout-start")
                        .endEvent("out-of-stock")
                        .error("OUT_OF_STOCK"))
            .endEvent("ordered")
            .moveToActivity("checkout")
            .boundaryEvent("stock-problem")
            .error("OUT_OF_STOCK")
            .endEvent("backordered")
            .done());

    long instance = start(id);

    awaitCompleted(instance);
    // Whether the throwing end event itself counts as completed is not documented; the path around
    // it is.
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .containsSubsequence("start", "checkout-start", "stock-problem", "backordered")
                    .doesNotContain("checkout", "ordered"));
  }

  @Test
  void uncaughtErrorEndEventRaisesAnIncidentOnTheEndEvent() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .endEvent("failure")
            .error("NOT_CAUGHT")
            .done());

    long instance = start(id);

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("UNHANDLED_ERROR_EVENT");
    assertThat(incident.elementId()).isEqualTo("failure");
    assertThat(incident.jobKey()).isNull();
  }

  @Test
  void intermediateNoneThrowEventPassesThrough() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateThrowEvent("milestone-reached")
            .endEvent("end")
            .done());

    long instance = start(id);

    awaitCompleted(instance);
    awaitPath(instance, "start", "milestone-reached", "end");
  }
}
