package dev.millrace.engine.processing;

import dev.millrace.engine.bpmn.model.Definitions.TimerKind;
import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.bpmn.model.ExecutableProcess;
import dev.millrace.engine.bpmn.timer.Cycle;
import dev.millrace.engine.bpmn.timer.Interval;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.feel.VariableLookup;
import dev.millrace.engine.record.MessageStartEventSubscriptionIntent;
import dev.millrace.engine.record.SignalSubscriptionIntent;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.value.MessageStartEventSubscriptionRecord;
import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.state.ProcessDefinition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Message, timer and signal start events belong to the latest version of a process: deploying a new
 * version closes the previous version's and opens its own. Their expressions see no variables (they
 * are evaluated at deployment, as in Zeebe).
 */
final class StartEventSubscriptions {

  private final ExpressionLanguage expressions;

  StartEventSubscriptions(ExpressionLanguage expressions) {
    this.expressions = expressions;
  }

  /** Problems that would stop the start events from being opened, for the deployment to reject. */
  List<String> check(ExecutableProcess process, long now) {
    List<String> problems = new ArrayList<>();
    for (var start : process.root().startEvents()) {
      String failure =
          switch (start.eventType()) {
            case MESSAGE ->
                failureOf(expressions.evaluateString(start.message().name(), VariableLookup.EMPTY));
            case SIGNAL ->
                failureOf(expressions.evaluateString(start.signal().name(), VariableLookup.EMPTY));
            case TIMER -> {
              try {
                dueDate(start, now);
                yield null;
              } catch (IllegalArgumentException e) {
                yield e.getMessage();
              }
            }
            default -> null;
          };
      if (failure != null) {
        problems.add(
            "'" + process.bpmnProcessId() + "' start event '" + start.id() + "': " + failure);
      }
    }
    return problems;
  }

  private static String failureOf(dev.millrace.engine.feel.EvaluationResult<?> result) {
    return result.isSuccess() ? null : result.failureMessage();
  }

  private record Due(long dueDate, int repetitions, String cycle) {}

  private Due dueDate(ExecutableFlowNode start, long now) {
    var definition = start.timer();
    var text = expressions.evaluateAny(definition.expression(), VariableLookup.EMPTY);
    if (!text.isSuccess()) {
      throw new IllegalArgumentException(text.failureMessage());
    }
    String value =
        String.valueOf(dev.millrace.engine.feel.JsonValues.toJsonCompatible(text.value()));
    Instant at = Instant.ofEpochMilli(now);
    if (definition.kind() == TimerKind.DURATION) {
      return new Due(Interval.parse(value).addTo(at).toEpochMilli(), 0, "");
    }
    if (definition.kind() == TimerKind.DATE) {
      return new Due(Cycle.parseDateTime(value, value).toEpochMilli(), 0, "");
    }
    Cycle cycle = Cycle.parse(value);
    return new Due(cycle.first(at).toEpochMilli(), cycle.repetitions(), cycle.text());
  }

  void open(ProcessingContext ctx, ProcessDefinition definition) {
    var record = definition.record();
    for (var start : definition.executable().root().startEvents()) {
      switch (start.eventType()) {
        case MESSAGE -> {
          String name =
              expressions.evaluateString(start.message().name(), VariableLookup.EMPTY).value();
          ctx.event(
              ctx.newKey(),
              MessageStartEventSubscriptionIntent.CREATED,
              new MessageStartEventSubscriptionRecord(
                  record.processDefinitionKey(),
                  record.bpmnProcessId(),
                  start.id(),
                  name,
                  -1,
                  "",
                  -1,
                  "",
                  record.tenantId()));
        }
        case TIMER -> {
          var due = dueDate(start, ctx.timestamp());
          ctx.event(
              ctx.newKey(),
              TimerIntent.CREATED,
              new TimerRecord(
                  -1,
                  -1,
                  record.processDefinitionKey(),
                  due.dueDate(),
                  start.id(),
                  due.repetitions(),
                  due.cycle(),
                  true,
                  record.tenantId()));
        }
        case SIGNAL -> {
          String name =
              expressions.evaluateString(start.signal().name(), VariableLookup.EMPTY).value();
          ctx.event(
              ctx.newKey(),
              SignalSubscriptionIntent.CREATED,
              new SignalSubscriptionRecord(
                  name,
                  record.processDefinitionKey(),
                  record.bpmnProcessId(),
                  start.id(),
                  -1,
                  true,
                  record.tenantId()));
        }
        default -> {}
      }
    }
  }

  void close(ProcessingContext ctx, ProcessDefinition definition) {
    var state = ctx.state();
    long key = definition.key();
    for (long timerKey : List.copyOf(state.timers().startTimersOf(key))) {
      ctx.event(timerKey, TimerIntent.CANCELED, state.timers().get(timerKey));
    }
    for (var start : definition.executable().root().startEvents()) {
      if (start.eventType() == dev.millrace.engine.record.BpmnEventType.MESSAGE) {
        String name =
            expressions.evaluateString(start.message().name(), VariableLookup.EMPTY).value();
        for (var entry : List.copyOf(state.messages().startSubscriptions(name).entrySet())) {
          if (entry.getValue().processDefinitionKey() == key) {
            ctx.event(
                entry.getKey(), MessageStartEventSubscriptionIntent.DELETED, entry.getValue());
          }
        }
      }
    }
    for (long subscriptionKey : List.copyOf(state.signals().ofOwner(key))) {
      ctx.event(
          subscriptionKey, SignalSubscriptionIntent.DELETED, state.signals().get(subscriptionKey));
    }
  }
}
