package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Timer events driven by the engine clock: start events with a date or a cycle, intermediate catch
 * events with a duration or a date, boundary events with a duration, a date or a cycle,
 * interrupting and not.
 *
 * <p>Dates are FEEL expressions over {@code now()}, which Zeebe evaluates on its own (controlled)
 * clock, so they stay in the engine's future however far earlier scenarios moved that clock.
 *
 * <p>Docs: components/modeler/bpmn/timer-events.
 */
@Tag("timers")
public abstract class TimerSuite extends ConformanceSuite {

  private static final String IN_ONE_HOUR = "now() + duration(\"PT1H\")";

  @Test
  void timerStartEventWithADateStartsOneInstanceWhenDue() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("at-date")
            .timerWithDateExpression(IN_ONE_HOUR)
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());

    assertNoJobDuringQuietPeriod(id("job"));
    engine.increaseTime(Duration.ofMinutes(61));

    ActivatedJob job = awaitJob(id("job"));
    assertThat(job.getBpmnProcessId()).isEqualTo(id);
    complete(job);
    engine.increaseTime(Duration.ofHours(2));
    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void timerStartEventWithACycleStartsOneInstancePerRepetition() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("every-hour")
            .timerWithCycle("R2/PT1H")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());

    engine.increaseTime(Duration.ofMinutes(61));
    ActivatedJob first = completeNextJob(id("job"), Map.of());
    engine.increaseTime(Duration.ofMinutes(61));
    ActivatedJob second = completeNextJob(id("job"), Map.of());
    engine.increaseTime(Duration.ofMinutes(61));

    assertThat(second.getProcessInstanceKey()).isNotEqualTo(first.getProcessInstanceKey());
    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void intermediateTimerWithADurationWaitsForIt() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent("wait-an-hour")
            .timerWithDuration("PT1H")
            .endEvent("end")
            .done());
    long instance = start(id);
    awaitActive(instance, "wait-an-hour");

    engine.increaseTime(Duration.ofMinutes(30));
    assertStillWaitingAt(instance, "wait-an-hour");
    engine.increaseTime(Duration.ofMinutes(31));

    awaitCompleted(instance);
    awaitPath(instance, "start", "wait-an-hour", "end");
  }

  @Test
  void intermediateTimerWithADateWaitsUntilIt() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .intermediateCatchEvent("wait-until")
            .timerWithDateExpression(IN_ONE_HOUR)
            .endEvent("end")
            .done());
    long instance = start(id);
    awaitActive(instance, "wait-until");

    assertStillWaitingAt(instance, "wait-until");
    engine.increaseTime(Duration.ofMinutes(61));

    awaitCompleted(instance);
    awaitPath(instance, "start", "wait-until", "end");
  }

  @Test
  void interruptingTimerBoundaryWithADurationTerminatesTheTask() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("timed-out")
            .timerWithDuration("PT1H")
            .endEvent("escalated")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    engine.increaseTime(Duration.ofMinutes(61));

    awaitCompleted(instance);
    awaitPath(instance, "start", "timed-out", "escalated");
    assertThat(Rejection.of(() -> complete(job)).code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void interruptingTimerBoundaryWithADateTerminatesTheTask() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("deadline")
            .timerWithDateExpression(IN_ONE_HOUR)
            .endEvent("escalated")
            .done());
    long instance = start(id);
    awaitActive(instance, "task");

    engine.increaseTime(Duration.ofMinutes(61));

    awaitCompleted(instance);
    awaitPath(instance, "start", "deadline", "escalated");
  }

  @Test
  void timerBoundaryIsCancelledWhenTheTaskCompletesFirst() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("timed-out")
            .timerWithDuration("PT1H")
            .endEvent("escalated")
            .done());
    long instance = start(id);

    completeNextJob(id("job"), Map.of());
    awaitCompleted(instance);
    engine.increaseTime(Duration.ofMinutes(61));

    awaitPath(instance, "start", "task", "done");
  }

  @Test
  void nonInterruptingTimerBoundaryWithADurationFiresOnceAndTheTaskGoesOn() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("reminder")
            .cancelActivity(false)
            .timerWithDuration("PT1H")
            .endEvent("reminded")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    engine.increaseTime(Duration.ofMinutes(61));
    await()
        .untilAsserted(
            () -> assertThat(inspector.completedElementIds(instance)).contains("reminded"));
    engine.increaseTime(Duration.ofMinutes(61));
    complete(job);

    awaitCompleted(instance);
    await()
        .untilAsserted(
            () ->
                assertThat(inspector.completedElementIds(instance))
                    .filteredOn("reminder"::equals)
                    .hasSize(1));
  }

  @Test
  void nonInterruptingTimerBoundaryWithACycleFiresOncePerRepetition() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("done")
            .moveToActivity("task")
            .boundaryEvent("every-ten-minutes")
            .cancelActivity(false)
            .timerWithCycle("R2/PT10M")
            .endEvent("reminded")
            .done());
    long instance = start(id);
    ActivatedJob job = awaitJob(id("job"));

    for (int repetition = 1; repetition <= 3; repetition++) {
      int expected = Math.min(repetition, 2);
      engine.increaseTime(Duration.ofMinutes(11));
      await()
          .untilAsserted(
              () ->
                  assertThat(inspector.completedElementIds(instance))
                      .filteredOn("reminded"::equals)
                      .hasSize(expected));
    }
    assertStillWaitingAt(instance, "task");
    assertThat(inspector.completedElementIds(instance)).filteredOn("reminded"::equals).hasSize(2);

    complete(job);
    awaitCompleted(instance);
  }
}
