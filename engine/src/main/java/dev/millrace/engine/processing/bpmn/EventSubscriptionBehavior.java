package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.Definitions.TimerKind;
import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.bpmn.timer.Cycle;
import dev.millrace.engine.bpmn.timer.Interval;
import dev.millrace.engine.feel.EvaluationResult;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.record.BpmnEventType;
import dev.millrace.engine.record.MessageSubscriptionIntent;
import dev.millrace.engine.record.ProcessEventIntent;
import dev.millrace.engine.record.SignalSubscriptionIntent;
import dev.millrace.engine.record.TimerIntent;
import dev.millrace.engine.record.value.MessageSubscriptionRecord;
import dev.millrace.engine.record.value.ProcessEventRecord;
import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.state.ElementInstance;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Opens and closes what an element instance waits for (message subscriptions, timers, signal
 * subscriptions) and records triggered events on the scope that will take them.
 *
 * <p>Ownership: the instance that is active while waiting owns the subscription (a catch event
 * itself; an event-based gateway; the activity a boundary event is attached to; the scope of an
 * event sub-process). The {@code target} is the element the trigger activates or completes.
 */
public final class EventSubscriptionBehavior {

  private final ProcessingContext ctx;
  private final ExpressionLanguage expressions;
  private final VariableBehavior variables;

  EventSubscriptionBehavior(
      ProcessingContext ctx, ExpressionLanguage expressions, VariableBehavior variables) {
    this.ctx = ctx;
    this.expressions = expressions;
    this.variables = variables;
  }

  /** The catch events an instance of {@code element} owns while it is active. */
  public static List<ExecutableFlowNode> ownedTargets(ExecutableFlowNode element) {
    var targets = new ArrayList<ExecutableFlowNode>();
    switch (element.elementType()) {
      case INTERMEDIATE_CATCH_EVENT, RECEIVE_TASK -> targets.add(element);
      case EVENT_BASED_GATEWAY -> targets.addAll(element.eventBasedGatewayTargets());
      default -> {}
    }
    for (var boundary : element.boundaryEvents()) {
      if (boundary.eventType() != BpmnEventType.ERROR) {
        targets.add(boundary);
      }
    }
    for (var eventSubProcess : element.eventSubProcesses()) {
      var start = eventSubProcess.eventSubProcessStartEvent();
      if (start != null && start.eventType() != BpmnEventType.ERROR) {
        targets.add(start);
      }
    }
    return targets;
  }

  /**
   * Opens subscriptions for each target (expressions evaluated in the owner's scope). Returns a
   * failure message for an EXTRACT_VALUE_ERROR incident, or null.
   */
  public String open(ElementInstance owner, List<ExecutableFlowNode> targets) {
    for (var target : targets) {
      String failure =
          switch (target.eventType()) {
            case MESSAGE -> openMessage(owner, target);
            case TIMER -> openTimer(owner, target, null);
            case SIGNAL -> openSignal(owner, target);
            default -> null;
          };
      if (failure != null) {
        return failure;
      }
    }
    return null;
  }

  private String openMessage(ElementInstance owner, ExecutableFlowNode target) {
    var lookup = variables.lookup(owner.key());
    var name = expressions.evaluateString(target.message().name(), lookup);
    if (!name.isSuccess()) {
      return name.failureMessage();
    }
    var key = expressions.evaluateCorrelationKey(target.message().correlationKey(), lookup);
    if (!key.isSuccess()) {
      return key.failureMessage();
    }
    var value = owner.value();
    var subscription =
        new MessageSubscriptionRecord(
            value.processInstanceKey(),
            owner.key(),
            value.bpmnProcessId(),
            value.processDefinitionKey(),
            name.value(),
            key.value(),
            -1,
            "",
            isInterrupting(target),
            target.id(),
            value.tenantId());
    ctx.event(ctx.newKey(), MessageSubscriptionIntent.CREATED, subscription);
    return null;
  }

  /** Opens a timer; {@code cycle} continues an existing cycle instead of evaluating anew. */
  public String openTimer(ElementInstance owner, ExecutableFlowNode target, Cycle cycle) {
    var lookup = variables.lookup(owner.key());
    long now = ctx.timestamp();
    long dueDate;
    int repetitions = 0;
    String cycleText = "";
    try {
      if (cycle != null) {
        dueDate = cycle.first(Instant.ofEpochMilli(now)).toEpochMilli();
        repetitions = cycle.repetitions();
        cycleText = cycle.text();
      } else {
        var definition = target.timer();
        var text = evaluateTimerText(definition.kind(), definition.expression(), lookup);
        if (!text.isSuccess()) {
          return text.failureMessage();
        }
        switch (definition.kind()) {
          case DURATION ->
              dueDate =
                  Interval.parse(text.value()).addTo(Instant.ofEpochMilli(now)).toEpochMilli();
          case DATE -> dueDate = Cycle.parseDateTime(text.value(), text.value()).toEpochMilli();
          default -> {
            Cycle parsed = Cycle.parse(text.value());
            dueDate = parsed.first(Instant.ofEpochMilli(now)).toEpochMilli();
            repetitions = parsed.repetitions();
            cycleText = parsed.text();
          }
        }
      }
    } catch (IllegalArgumentException e) {
      return "Invalid timer of '" + target.id() + "': " + e.getMessage();
    }
    var value = owner.value();
    var timer =
        new TimerRecord(
            owner.key(),
            value.processInstanceKey(),
            value.processDefinitionKey(),
            dueDate,
            target.id(),
            repetitions,
            cycleText,
            isInterrupting(target),
            value.tenantId());
    ctx.event(ctx.newKey(), TimerIntent.CREATED, timer);
    return null;
  }

  /** A timer's text: static, or a FEEL result that is a string, duration or date-time. */
  public EvaluationResult<String> evaluateTimerText(
      TimerKind kind,
      dev.millrace.engine.feel.Expression expression,
      dev.millrace.engine.feel.VariableLookup lookup) {
    var result = expressions.evaluateAny(expression, lookup);
    if (!result.isSuccess()) {
      return EvaluationResult.failure(result.failureMessage());
    }
    Object value = result.value();
    if (value instanceof String s) {
      return EvaluationResult.success(s);
    }
    if (value instanceof java.time.Duration
        || value instanceof java.time.Period
        || value instanceof java.time.ZonedDateTime
        || value instanceof java.time.OffsetDateTime
        || value instanceof java.time.LocalDateTime) {
      Object json = JsonValues.toJsonCompatible(value);
      if (value instanceof java.time.LocalDateTime) {
        json = json + "Z";
      }
      return EvaluationResult.success(json.toString());
    }
    return EvaluationResult.failure(
        "Expected result of the expression '"
            + expression.text().replaceFirst("^=", "")
            + "' to be a "
            + kind.name().toLowerCase()
            + " (string, duration or date-time), but was '"
            + JsonValues.typeName(value)
            + "'.");
  }

  private String openSignal(ElementInstance owner, ExecutableFlowNode target) {
    var name = expressions.evaluateString(target.signal().name(), variables.lookup(owner.key()));
    if (!name.isSuccess()) {
      return name.failureMessage();
    }
    var value = owner.value();
    var subscription =
        new SignalSubscriptionRecord(
            name.value(),
            value.processDefinitionKey(),
            value.bpmnProcessId(),
            target.id(),
            owner.key(),
            isInterrupting(target),
            value.tenantId());
    ctx.event(ctx.newKey(), SignalSubscriptionIntent.CREATED, subscription);
    return null;
  }

  /** Closes everything the owner waits for (on completion or termination). */
  public void closeAll(ElementInstance owner) {
    closeWhere(owner, targetId -> true);
  }

  /** Closes the owner's subscriptions whose target matches. */
  public void closeWhere(ElementInstance owner, java.util.function.Predicate<String> targetId) {
    var state = ctx.state();
    for (long key : List.copyOf(state.timers().ofElementInstance(owner.key()))) {
      var timer = state.timers().get(key);
      if (targetId.test(timer.targetElementId())) {
        ctx.event(key, TimerIntent.CANCELED, timer);
      }
    }
    for (long key : List.copyOf(state.messages().subscriptionsOf(owner.key()))) {
      var subscription = state.messages().subscription(key);
      if (targetId.test(subscription.elementId())) {
        ctx.event(key, MessageSubscriptionIntent.DELETED, subscription);
      }
    }
    for (long key : List.copyOf(state.signals().ofOwner(owner.key()))) {
      var subscription = state.signals().get(key);
      if (targetId.test(subscription.catchEventId())) {
        ctx.event(key, SignalSubscriptionIntent.DELETED, subscription);
      }
    }
  }

  /** Records that an event hit {@code scopeKey} for {@code target}, carrying variables. */
  public void writeTrigger(
      ElementInstance processInfo, long scopeKey, String targetId, String variablesJson) {
    var value = processInfo.value();
    var event =
        new ProcessEventRecord(
            scopeKey,
            targetId,
            variablesJson == null ? "" : variablesJson,
            value.processDefinitionKey(),
            value.processInstanceKey(),
            value.tenantId());
    ctx.event(ctx.newKey(), ProcessEventIntent.TRIGGERING, event);
  }

  /**
   * Takes the trigger waiting on {@code scopeKey} for {@code targetId}: returns its variables
   * (possibly empty), or null when there is none.
   */
  public Map<String, Object> consumeTrigger(long scopeKey, String targetId) {
    // Triggers for other targets may queue on the same scope (non-interrupting events).
    for (var t : ctx.state().eventTriggers().of(scopeKey)) {
      if (t.event().targetElementId().equals(targetId)) {
        ctx.event(t.key(), ProcessEventIntent.TRIGGERED, t.event());
        return JsonValues.parseObject(t.event().variables());
      }
    }
    return null;
  }

  public boolean hasTrigger(long scopeKey) {
    return ctx.state().eventTriggers().peek(scopeKey) != null;
  }

  private static boolean isInterrupting(ExecutableFlowNode target) {
    return switch (target.elementType()) {
      case BOUNDARY_EVENT, START_EVENT -> target.interrupting();
      default -> true;
    };
  }
}
