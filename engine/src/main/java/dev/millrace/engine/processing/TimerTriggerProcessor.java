package dev.millrace.engine.processing;

import dev.millrace.engine.bpmn.timer.Cycle;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.value.TimerRecord;
import java.time.Instant;
import java.util.Map;

/**
 * Scheduled: a timer is due. Start events start an instance; others trigger their owner. Cycles
 * (start events, non-interrupting boundary events and event sub-processes) schedule the next
 * repetition.
 */
final class TimerTriggerProcessor implements CommandProcessor {

  private final BpmnProcessing bpmn;

  TimerTriggerProcessor(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void process(dev.millrace.engine.record.Record command, ProcessingContext ctx) {
    var timer = ctx.state().timers().get(command.key());
    if (timer == null) {
      Rejections.notFound(
          ctx,
          command,
          "Expected to trigger timer with key '"
              + command.key()
              + "', but no such timer was found");
      return;
    }
    if (timer.elementInstanceKey() < 0) {
      triggerStartEvent(command.key(), timer, ctx);
      return;
    }
    var owner = bpmn.instance(timer.elementInstanceKey());
    if (!bpmn.triggers().canTrigger(owner, timer.targetElementId())) {
      Rejections.invalidState(
          ctx,
          command,
          "Expected to trigger timer with key '"
              + command.key()
              + "', but its element is not waiting for it");
      return;
    }
    ctx.event(command.key(), TimerIntent.TRIGGERED, timer);
    bpmn.triggers().trigger(owner, timer.targetElementId(), "");
    var stillOwner = bpmn.instance(timer.elementInstanceKey());
    if (!timer.interrupting() && stillOwner != null && hasNext(timer)) {
      var target = bpmn.elementOf(stillOwner);
      var definition = ctx.state().processes().byKey(timer.processDefinitionKey());
      var catchEvent = definition.executable().element(timer.targetElementId());
      bpmn.subscriptions()
          .openTimer(stillOwner, catchEvent != null ? catchEvent : target, next(timer));
    }
  }

  private void triggerStartEvent(long key, TimerRecord timer, ProcessingContext ctx) {
    var definition = ctx.state().processes().byKey(timer.processDefinitionKey());
    ctx.event(key, TimerIntent.TRIGGERED, timer);
    if (definition == null) {
      return;
    }
    bpmn.starter().start(definition, Map.of(), timer.targetElementId(), Map.of(), null);
    if (hasNext(timer)) {
      var cycle = next(timer);
      long dueDate = cycle.next(Instant.ofEpochMilli(timer.dueDate())).toEpochMilli();
      ctx.event(
          ctx.newKey(),
          TimerIntent.CREATED,
          timer.withDueDate(dueDate).withRepetitions(cycle.repetitions()));
    }
  }

  private static boolean hasNext(TimerRecord timer) {
    return !timer.cycle().isEmpty() && timer.repetitions() != 0 && timer.repetitions() != 1;
  }

  /** The cycle after this repetition; for boundary cycles the next due date counts from now. */
  private static Cycle next(TimerRecord timer) {
    return Cycle.parse(timer.cycle()).afterRepetition() instanceof Cycle c
        ? withRepetitions(c, timer.repetitions())
        : null;
  }

  private static Cycle withRepetitions(Cycle parsed, int current) {
    if (parsed instanceof Cycle.Repeating r) {
      int remaining = current < 0 ? -1 : current - 1;
      return new Cycle.Repeating(remaining, null, r.interval(), r.text());
    }
    return parsed;
  }
}
