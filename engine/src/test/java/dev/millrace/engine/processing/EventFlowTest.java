package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.RejectionType;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EventFlowTest {

  private final TestEngine engine = new TestEngine();

  @Test
  void timerCatchEventWaitsForItsDuration() {
    engine.deploy(
        Bpmn.createExecutableProcess("wait")
            .startEvent()
            .intermediateCatchEvent("pause", e -> e.timerWithDuration("PT10M"))
            .endEvent()
            .done());
    long instance = engine.createInstance("wait", "{}");
    engine.advance(Duration.ofMinutes(9));
    assertThat(engine.isCompleted(instance)).isFalse();
    engine.advance(Duration.ofMinutes(2));
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void timerDurationFromFeel() {
    engine.deploy(
        Bpmn.createExecutableProcess("feelTimer")
            .startEvent()
            .intermediateCatchEvent(
                "pause",
                e -> e.timerWithDurationExpression("duration(\"PT\" + string(mins) + \"M\")"))
            .endEvent()
            .done());
    long instance = engine.createInstance("feelTimer", "{\"mins\":3}");
    engine.advance(Duration.ofMinutes(2));
    assertThat(engine.isCompleted(instance)).isFalse();
    engine.advance(Duration.ofMinutes(2));
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void interruptingTimerBoundaryCancelsTheTaskAndItsJob() {
    engine.deploy(
        Bpmn.createExecutableProcess("sla")
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("work"))
            .boundaryEvent("late", b -> b.timerWithDuration("PT1H"))
            .endEvent("escalated")
            .moveToActivity("work")
            .endEvent("done")
            .done());
    long instance = engine.createInstance("sla", "{}");
    engine.advance(Duration.ofHours(2));
    assertThat(engine.completedElements(instance))
        .contains("late", "escalated")
        .doesNotContain("work");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.processor.state().jobs().all()).isEmpty();
  }

  @Test
  void nonInterruptingCycleBoundaryFiresRepeatedlyWhileTheTaskRuns() {
    engine.deploy(
        Bpmn.createExecutableProcess("remind")
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("work"))
            .boundaryEvent("reminder", b -> b.cancelActivity(false).timerWithCycle("R3/PT10M"))
            .endEvent("reminded")
            .moveToActivity("work")
            .endEvent("done")
            .done());
    long instance = engine.createInstance("remind", "{}");
    for (int i = 0; i < 5; i++) {
      engine.advance(Duration.ofMinutes(11));
    }
    assertThat(engine.completedElements(instance).stream().filter("reminded"::equals)).hasSize(3);
    assertThat(engine.activeElements(instance)).containsExactly("work");
    engine.complete(engine.activate("work", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void timerStartEventCycleStartsInstances() {
    engine.deploy(
        Bpmn.createExecutableProcess("cron")
            .startEvent("tick")
            .timerWithCycle("R2/PT1M")
            .endEvent()
            .done());
    engine.advance(Duration.ofSeconds(61));
    engine.advance(Duration.ofSeconds(61));
    engine.advance(Duration.ofSeconds(61));
    long started =
        engine
            .events(dev.millrace.engine.record.ValueType.PROCESS_INSTANCE)
            .filter(
                r ->
                    r.intent()
                        == dev.millrace.engine.record.ProcessInstanceIntent.ELEMENT_COMPLETED)
            .filter(
                r ->
                    ((dev.millrace.engine.record.value.ProcessInstanceRecord) r.value())
                        .elementId()
                        .equals("cron"))
            .count();
    assertThat(started).isEqualTo(2);
  }

  @Test
  void bufferedMessageCorrelatesWhenTheSubscriptionOpens() {
    engine.deploy(
        Bpmn.createExecutableProcess("late")
            .startEvent()
            .serviceTask("prepare", t -> t.zeebeJobType("prepare"))
            .receiveTask("await")
            .message(m -> m.name("go").zeebeCorrelationKeyExpression("id"))
            .endEvent()
            .done());
    long instance = engine.createInstance("late", "{\"id\":\"k1\"}");
    engine.publish("go", "k1", 60_000, "{\"answer\":42}");
    engine.complete(engine.activate("prepare", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.finalVariables(instance)).containsEntry("answer", 42);
  }

  @Test
  void expiredMessageDoesNotCorrelate() {
    engine.deploy(
        Bpmn.createExecutableProcess("expire")
            .startEvent()
            .serviceTask("prepare", t -> t.zeebeJobType("prep2"))
            .intermediateCatchEvent(
                "await", e -> e.message(m -> m.name("go2").zeebeCorrelationKeyExpression("id")))
            .endEvent()
            .done());
    long instance = engine.createInstance("expire", "{\"id\":\"k\"}");
    engine.publish("go2", "k", 1_000, "{}");
    engine.advance(Duration.ofSeconds(2));
    engine.complete(engine.activate("prep2", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isFalse();
    assertThat(engine.activeElements(instance)).containsExactly("await");
  }

  @Test
  void messageIdIsDeduplicatedWhileBuffered() {
    assertThat(engine.publish("m", "k", 60_000, "id-1", "{}").rejected()).isFalse();
    var duplicate = engine.publish("m", "k", 60_000, "id-1", "{}");
    assertThat(duplicate.rejectionType).isEqualTo(RejectionType.ALREADY_EXISTS);
    assertThat(duplicate.rejectionReason).contains("id-1");
  }

  @Test
  void messageCorrelatesOncePerProcess() {
    engine.deploy(
        Bpmn.createExecutableProcess("once")
            .startEvent()
            .receiveTask("await")
            .message(m -> m.name("ping").zeebeCorrelationKeyExpression("k"))
            .endEvent()
            .done());
    long first = engine.createInstance("once", "{\"k\":\"same\"}");
    long second = engine.createInstance("once", "{\"k\":\"same\"}");
    engine.publish("ping", "same", 0, "{}");
    assertThat(engine.isCompleted(first) ^ engine.isCompleted(second)).isTrue();
  }

  @Test
  void messageStartEventStartsOneInstancePerCorrelationKeyAtATime() {
    engine.deploy(
        Bpmn.createExecutableProcess("onMessage")
            .startEvent("msgStart")
            .message("order-placed")
            .serviceTask("handle", t -> t.zeebeJobType("handle"))
            .endEvent()
            .done());
    engine.publish("order-placed", "o1", 0, "{\"order\":\"o1\"}");
    engine.publish("order-placed", "o1", 0, "{\"order\":\"o1\"}");
    var jobs = engine.activate("handle", 10);
    assertThat(jobs).hasSize(1);
    assertThat(jobs.getFirst().record().variables()).contains("\"order\":\"o1\"");
  }

  @Test
  void interruptingMessageBoundary() {
    engine.deploy(
        Bpmn.createExecutableProcess("cancelable")
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("w"))
            .boundaryEvent(
                "cancelled",
                b -> b.message(m -> m.name("cancel").zeebeCorrelationKeyExpression("id")))
            .endEvent("aborted")
            .moveToActivity("work")
            .endEvent("done")
            .done());
    long instance = engine.createInstance("cancelable", "{\"id\":\"x\"}");
    engine.publish("cancel", "x", 0, "{\"reason\":\"user\"}");
    assertThat(engine.completedElements(instance)).contains("cancelled", "aborted");
    assertThat(engine.finalVariables(instance)).containsEntry("reason", "user");
    assertThat(engine.processor.state().jobs().all()).isEmpty();
  }

  @Test
  void errorThrownByAWorkerIsCaughtByABoundaryEvent() {
    engine.deploy(
        Bpmn.createExecutableProcess("risky")
            .startEvent()
            .serviceTask("call", t -> t.zeebeJobType("call"))
            .boundaryEvent("failed", b -> b.error("E42"))
            .endEvent("handled")
            .moveToActivity("call")
            .endEvent("ok")
            .done());
    long instance = engine.createInstance("risky", "{}");
    var job = engine.activate("call", 1).getFirst();
    assertThat(engine.throwError(job.key(), "E42", "bad").rejected()).isFalse();
    assertThat(engine.completedElements(instance)).contains("failed", "handled");
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void uncaughtErrorIsAnIncident() {
    engine.deploy(
        Bpmn.createExecutableProcess("uncaught")
            .startEvent()
            .serviceTask("call", t -> t.zeebeJobType("u"))
            .endEvent()
            .done());
    long instance = engine.createInstance("uncaught", "{}");
    var job = engine.activate("u", 1).getFirst();
    engine.throwError(job.key(), "NOPE", "boom");
    var incident = engine.incidents(instance).getFirst().getValue();
    assertThat(incident.errorType()).isEqualTo(ErrorType.UNHANDLED_ERROR_EVENT);
    assertThat(incident.errorMessage())
        .contains("'NOPE'")
        .contains("boom")
        .contains("was not caught");
    assertThat(incident.jobKey()).isEqualTo(job.key());
  }

  @Test
  void errorEndEventInSubProcessIsCaughtByItsBoundary() {
    engine.deploy(
        Bpmn.createExecutableProcess("sub")
            .startEvent()
            .subProcess(
                "inner",
                s -> s.embeddedSubProcess().startEvent().endEvent("fail", e -> e.error("INNER")))
            .boundaryEvent("caught", b -> b.error("INNER"))
            .endEvent("recovered")
            .moveToActivity("inner")
            .endEvent("normal")
            .done());
    long instance = engine.createInstance("sub", "{}");
    assertThat(engine.completedElements(instance))
        .contains("caught", "recovered")
        .doesNotContain("normal", "inner");
    assertThat(engine.isCompleted(instance)).isTrue();
  }

  @Test
  void terminateEndEventEndsTheOtherBranches() {
    engine.deploy(
        Bpmn.createExecutableProcess("term")
            .startEvent()
            .parallelGateway("fork")
            .serviceTask("slow", t -> t.zeebeJobType("slow"))
            .endEvent("slowEnd")
            .moveToNode("fork")
            .endEvent("stop", e -> e.terminate())
            .done());
    long instance = engine.createInstance("term", "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.processor.state().jobs().all()).isEmpty();
    assertThat(engine.processor.state().elementInstances().size()).isZero();
  }

  @Test
  void signalStartsAndTriggers() {
    engine.deploy(
        Bpmn.createExecutableProcess("sigStart")
            .startEvent()
            .signal("alarm")
            .endEvent("startedBySignal")
            .done());
    engine.deploy(
        "catch.bpmn",
        io.camunda.zeebe.model.bpmn.Bpmn.convertToString(
            Bpmn.createExecutableProcess("sigCatch")
                .startEvent()
                .intermediateCatchEvent("wait", e -> e.signal("alarm"))
                .endEvent()
                .done()));
    long waiting = engine.createInstance("sigCatch", "{}");
    engine.broadcast("alarm", "{\"level\":3}");
    assertThat(engine.isCompleted(waiting)).isTrue();
    assertThat(engine.finalVariables(waiting)).containsEntry("level", 3);
    assertThat(
            engine.records().stream()
                .anyMatch(
                    r ->
                        r.value()
                                instanceof dev.millrace.engine.record.value.ProcessInstanceRecord p
                            && p.elementId().equals("startedBySignal")))
        .isTrue();
  }

  @Test
  void interruptingMessageEventSubProcessTakesOver() {
    engine.deploy(
        Bpmn.createExecutableProcess("esp")
            .eventSubProcess(
                "onCancel",
                s ->
                    s.startEvent("cancelStart")
                        .interrupting(true)
                        .message(m -> m.name("abort").zeebeCorrelationKeyExpression("id"))
                        .endEvent("abortedEnd"))
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("esp-work"))
            .endEvent()
            .done());
    long instance = engine.createInstance("esp", "{\"id\":\"e1\"}");
    engine.publish("abort", "e1", 0, "{}");
    assertThat(engine.completedElements(instance))
        .contains("cancelStart", "abortedEnd", "onCancel", "esp");
    assertThat(engine.isCompleted(instance)).isTrue();
    assertThat(engine.processor.state().jobs().all()).isEmpty();
  }

  @Test
  void nonInterruptingTimerEventSubProcessRunsBesideTheMainFlow() {
    engine.deploy(
        Bpmn.createExecutableProcess("espNon")
            .eventSubProcess(
                "tick",
                s ->
                    s.startEvent("tickStart")
                        .interrupting(false)
                        .timerWithDuration("PT5M")
                        .endEvent("tickEnd"))
            .startEvent()
            .serviceTask("work", t -> t.zeebeJobType("esp-non"))
            .endEvent("mainEnd")
            .done());
    long instance = engine.createInstance("espNon", "{}");
    engine.advance(Duration.ofMinutes(6));
    assertThat(engine.completedElements(instance)).contains("tickEnd");
    assertThat(engine.isCompleted(instance)).isFalse();
    engine.complete(engine.activate("esp-non", 1).getFirst().key(), "{}");
    assertThat(engine.isCompleted(instance)).isTrue();
  }
}
