package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Embedded sub-processes: the inner flow runs from the inner none start event to its end, the
 * sub-process is a variable scope whose local variables go away with it unless output mappings
 * propagate them, and a boundary event on it ends whatever runs inside.
 *
 * <p>Docs: components/modeler/bpmn/embedded-subprocesses, components/concepts/variables.
 */
@Tag("sub-processes")
public abstract class SubProcessSuite extends ConformanceSuite {

  @Test
  void innerFlowRunsAndTheSubProcessCompletesAfterIt() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "fulfilment",
                s ->
                    s.embeddedSubProcess()
                        .startEvent("fulfilment-start")
                        .serviceTask("pack", t -> t.zeebeJobType(id("job")))
                        .endEvent("fulfilment-end"))
            .endEvent("end")
            .done());
    long instance = start(id);

    ActivatedJob job = completeNextJob(id("job"), Map.of());

    assertThat(job.getElementId()).isEqualTo("pack");
    awaitCompleted(instance);
    awaitPath(instance, "start", "fulfilment-start", "pack", "fulfilment-end", "fulfilment", "end");
  }

  @Test
  void localVariablesOfTheSubProcessGoAwayUnlessMappedOut() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "quote",
                s ->
                    s.zeebeInputExpression("basePrice * 2", "draft")
                        .zeebeOutputExpression("draft + 1", "finalPrice")
                        .embeddedSubProcess()
                        .startEvent("quote-start")
                        .serviceTask("review", t -> t.zeebeJobType(id("job")))
                        .endEvent("quote-end"))
            .endEvent("end")
            .done());
    long instance = start(id, Map.of("basePrice", 10));

    ActivatedJob job = awaitJob(id("job"));
    assertThat(job.getVariablesAsMap()).containsEntry("draft", 20);
    assertThat(inspector.variables(instance)).doesNotContainKey("draft");
    complete(job);

    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("finalPrice", 21)))
        .isEqualTo(Map.of("basePrice", 10, "finalPrice", 21));
  }

  @Test
  void interruptingBoundaryEventOnTheSubProcessEndsItsInnerWork() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .subProcess(
                "fulfilment",
                s ->
                    s.embeddedSubProcess()
                        .startEvent("fulfilment-start")
                        .serviceTask("pack", t -> t.zeebeJobType(id("job")))
                        .endEvent("fulfilment-end"))
            .endEvent("end")
            .moveToActivity("fulfilment")
            .boundaryEvent("too-slow")
            .timerWithDuration("PT1H")
            .endEvent("given-up")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    engine.increaseTime(Duration.ofMinutes(61));

    awaitCompleted(instance);
    awaitPath(instance, "start", "fulfilment-start", "too-slow", "given-up");
    assertThat(Rejection.of(() -> complete(job)).code()).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
  }
}
