package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.IncidentView;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ThrowError and error events: an error is caught by the first matching catch event up the scope
 * hierarchy (boundary on the task, on the enclosing sub-process, in the calling process), a
 * specific code beats a catch-all, error variables reach the catch event, and an uncaught error
 * raises an UNHANDLED_ERROR_EVENT incident whose resolution re-enables the job.
 *
 * <p>Docs: components/modeler/bpmn/error-events, apis-tools/zeebe-api/gateway-service (ThrowError).
 */
@Tag("throw-error")
public abstract class ThrowErrorSuite extends ConformanceSuite {

  private void throwError(ActivatedJob job, String code) {
    client
        .newThrowErrorCommand(job.getKey())
        .errorCode(code)
        .errorMessage("declined")
        .send()
        .join();
  }

  @Test
  void errorIsCaughtByABoundaryEventOnTheTask() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent("charged")
            .moveToActivity("charge")
            .boundaryEvent("card-declined")
            .error("CARD_DECLINED")
            .zeebeOutputExpression("reason", "declineReason")
            .endEvent("declined")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    client
        .newThrowErrorCommand(job.getKey())
        .errorCode("CARD_DECLINED")
        .errorMessage("card expired")
        .variables(Map.of("reason", "expired"))
        .send()
        .join();

    awaitCompleted(instance);
    awaitPath(instance, "start", "card-declined", "declined");
    awaitVariables(instance, Map.of("declineReason", "expired"));
    Rejection completeAfterError = Rejection.of(() -> complete(job));
    assertThat(completeAfterError.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void errorPropagatesToABoundaryEventOnTheEnclosingSubProcess() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "payment",
                s ->
                    s.embeddedSubProcess()
                        .startEvent("payment-start")
                        .serviceTask("charge", t -> t.zeebeJobType(id("job")))
                        .endEvent("payment-end"))
            .endEvent("paid")
            .moveToActivity("payment")
            .boundaryEvent("payment-failed")
            .error("CARD_DECLINED")
            .endEvent("not-paid")
            .done());
    long instance = start(id);

    throwError(awaitJob(id("job")), "CARD_DECLINED");

    awaitCompleted(instance);
    awaitPath(instance, "start", "payment-start", "payment-failed", "not-paid");
  }

  @Test
  void catchAllBoundaryEventCatchesAnyErrorCode() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent("charged")
            .moveToActivity("charge")
            .boundaryEvent("any-error")
            .error()
            .endEvent("failed")
            .done());
    long instance = start(id);

    throwError(awaitJob(id("job")), "SOMETHING_UNFORESEEN");

    awaitCompleted(instance);
    awaitPath(instance, "start", "any-error", "failed");
  }

  @Test
  void matchingErrorCodeIsPreferredOverACatchAll() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent("charged")
            .moveToActivity("charge")
            .boundaryEvent("any-error")
            .error()
            .endEvent("failed-somehow")
            .moveToActivity("charge")
            .boundaryEvent("card-declined")
            .error("CARD_DECLINED")
            .endEvent("declined")
            .done());
    long instance = start(id);

    throwError(awaitJob(id("job")), "CARD_DECLINED");

    awaitCompleted(instance);
    awaitPath(instance, "start", "card-declined", "declined");
  }

  @Test
  void errorFromACalledProcessIsCaughtInTheCallingProcess() {
    deploy(
        Bpmn.createExecutableProcess(id("child"))
            .startEvent()
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .callActivity("call-payment", c -> c.zeebeProcessId(id("child")))
            .endEvent("paid")
            .moveToActivity("call-payment")
            .boundaryEvent("payment-failed")
            .error("CARD_DECLINED")
            .endEvent("not-paid")
            .done());
    long parent = start(id);

    throwError(awaitJob(id("job")), "CARD_DECLINED");

    awaitCompleted(parent);
    awaitPath(parent, "start", "payment-failed", "not-paid");
  }

  @Test
  void uncaughtErrorRaisesAnIncidentWhoseResolutionReEnablesTheJob() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("charge", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    throwError(job, "NOBODY_CATCHES_THIS");

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("UNHANDLED_ERROR_EVENT");
    assertThat(incident.elementId()).isEqualTo("charge");
    assertThat(incident.jobKey()).isEqualTo(job.getKey());
    assertThat(incident.errorMessage()).contains("NOBODY_CATCHES_THIS");

    client.newResolveIncidentCommand(incident.key()).send().join();

    ActivatedJob again = awaitJob(id("job"));
    assertThat(again.getKey()).isEqualTo(job.getKey());
    complete(again);
    awaitCompleted(instance);
    awaitPath(instance, "start", "charge", "end");
  }

  @Test
  void throwingAnErrorForAnUnknownJobIsNotFound() {
    Rejection rejection =
        Rejection.of(
            () -> client.newThrowErrorCommand(2251799813999999L).errorCode("ANY").send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
