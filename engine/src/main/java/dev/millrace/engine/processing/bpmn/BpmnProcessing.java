package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.bpmn.model.ExecutableSequenceFlow;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.processing.ProcessingContext;
import dev.millrace.engine.processing.ProcessingContext.InternalCommand;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.state.ElementInstance;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs BPMN: the element lifecycle (activate, complete, terminate) with Zeebe's transitions, the
 * flow between elements, and the per-element handlers. Commands in, events out, nothing else.
 */
public final class BpmnProcessing {

  final ProcessingContext ctx;
  final ExpressionLanguage expressions;
  final VariableBehavior variables;
  final IncidentBehavior incidents;
  final JobBehavior jobs;
  final EventSubscriptionBehavior subscriptions;
  final ErrorBehavior errors;
  final InstanceResults results;
  final ProcessStarter starter;
  private final Map<BpmnElementType, ElementHandler> handlers =
      new EnumMap<>(BpmnElementType.class);
  private final Map<Long, List<ExecutableSequenceFlow>> chosenFlows = new HashMap<>();
  private final Map<Long, Map<String, Object>> handedOn = new HashMap<>();
  private final FlowBehavior flows;
  private final TriggerBehavior triggers;
  private final MessageCorrelation messageCorrelation;
  private final SignalBehavior signals;
  private final java.util.Set<Long> completionConditionsMet = new java.util.HashSet<>();

  public BpmnProcessing(
      ProcessingContext ctx, ExpressionLanguage expressions, InstanceResults results) {
    this.ctx = ctx;
    this.expressions = expressions;
    this.results = results;
    this.variables = new VariableBehavior(ctx, expressions);
    this.incidents = new IncidentBehavior(ctx);
    this.jobs = new JobBehavior(ctx, expressions, variables);
    this.subscriptions = new EventSubscriptionBehavior(ctx, expressions, variables);
    this.errors = new ErrorBehavior(this);
    this.starter = new ProcessStarter(this);
    this.flows = new FlowBehavior(this);
    this.triggers = new TriggerBehavior(this);
    this.messageCorrelation = new MessageCorrelation(this);
    this.signals = new SignalBehavior(this);
    var tasks = new TaskHandlers(this);
    var events = new EventHandlers(this);
    var gateways = new GatewayHandlers(this);
    var scopes = new ScopeHandlers(this);
    handlers.put(BpmnElementType.PROCESS, scopes.process());
    handlers.put(BpmnElementType.SUB_PROCESS, scopes.subProcess());
    handlers.put(BpmnElementType.EVENT_SUB_PROCESS, scopes.subProcess());
    handlers.put(BpmnElementType.MULTI_INSTANCE_BODY, new MultiInstanceHandler(this));
    handlers.put(BpmnElementType.CALL_ACTIVITY, new CallActivityHandler(this));
    handlers.put(BpmnElementType.SERVICE_TASK, tasks.jobTask());
    handlers.put(BpmnElementType.SEND_TASK, tasks.jobTask());
    handlers.put(BpmnElementType.USER_TASK, tasks.jobTask());
    handlers.put(BpmnElementType.BUSINESS_RULE_TASK, tasks.jobTask());
    handlers.put(BpmnElementType.SCRIPT_TASK, tasks.scriptTask());
    handlers.put(BpmnElementType.MANUAL_TASK, tasks.passThrough());
    handlers.put(BpmnElementType.TASK, tasks.passThrough());
    handlers.put(BpmnElementType.RECEIVE_TASK, events.catchEvent());
    handlers.put(BpmnElementType.INTERMEDIATE_CATCH_EVENT, events.catchEvent());
    handlers.put(BpmnElementType.INTERMEDIATE_THROW_EVENT, events.throwEvent());
    handlers.put(BpmnElementType.START_EVENT, events.startEvent());
    handlers.put(BpmnElementType.END_EVENT, events.endEvent());
    handlers.put(BpmnElementType.BOUNDARY_EVENT, events.boundaryEvent());
    handlers.put(BpmnElementType.EXCLUSIVE_GATEWAY, gateways.exclusive());
    handlers.put(BpmnElementType.INCLUSIVE_GATEWAY, gateways.inclusive());
    handlers.put(BpmnElementType.PARALLEL_GATEWAY, gateways.parallel());
    handlers.put(BpmnElementType.EVENT_BASED_GATEWAY, gateways.eventBased());
  }

  public ProcessStarter starter() {
    return starter;
  }

  public JobBehavior jobs() {
    return jobs;
  }

  public VariableBehavior variables() {
    return variables;
  }

  public IncidentBehavior incidents() {
    return incidents;
  }

  public EventSubscriptionBehavior subscriptions() {
    return subscriptions;
  }

  public ErrorBehavior errors() {
    return errors;
  }

  private ElementHandler handler(ExecutableFlowNode element) {
    return handlers.get(element.elementType());
  }

  public ExecutableFlowNode elementOf(ElementInstance instance) {
    return elementOf(instance.value());
  }

  public ExecutableFlowNode elementOf(ProcessInstanceRecord value) {
    var definition = ctx.state().processes().byKey(value.processDefinitionKey());
    return definition.executable().element(value.elementId(), value.bpmnElementType());
  }

  public ElementInstance instance(long key) {
    return ctx.state().elementInstances().get(key);
  }

  // ---------------------------------------------------------------- internal commands

  /** Processes a queued ACTIVATE / COMPLETE / TERMINATE_ELEMENT command. */
  public void process(InternalCommand command) {
    var intent = (ProcessInstanceIntent) command.intent();
    switch (intent) {
      case ACTIVATE_ELEMENT -> activate(command.key(), (ProcessInstanceRecord) command.value());
      case COMPLETE_ELEMENT -> {
        var instance = instance(command.key());
        if (instance != null && instance.state() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
          complete(instance);
        }
      }
      case TERMINATE_ELEMENT -> {
        var instance = instance(command.key());
        if (instance != null && instance.isLive()) {
          terminate(instance);
        }
      }
      default -> throw new IllegalArgumentException("not an internal BPMN command: " + intent);
    }
  }

  /** The record of a new child element instance of {@code scope}. */
  public ProcessInstanceRecord childRecord(ElementInstance scope, ExecutableFlowNode element) {
    return scope
        .value()
        .withElementId(element.id())
        .withBpmnElementType(element.elementType())
        .withBpmnEventType(element.eventType())
        .withFlowScopeKey(scope.key());
  }

  /** Queues the activation of {@code element} inside {@code scope}; returns the new key. */
  public long queueActivate(ElementInstance scope, ExecutableFlowNode element) {
    long key = ctx.newKey();
    ctx.command(key, ProcessInstanceIntent.ACTIVATE_ELEMENT, childRecord(scope, element));
    return key;
  }

  /** Activates {@code element} inside {@code scope} right now; returns the new instance. */
  public ElementInstance activateNow(ElementInstance scope, ExecutableFlowNode element) {
    long key = ctx.newKey();
    activate(key, childRecord(scope, element));
    return instance(key);
  }

  public void queueComplete(ElementInstance instance) {
    ctx.command(instance.key(), ProcessInstanceIntent.COMPLETE_ELEMENT, instance.value());
  }

  void activate(long key, ProcessInstanceRecord value) {
    var element = elementOf(value);
    if (value.bpmnElementType() != BpmnElementType.PROCESS) {
      var scope = instance(value.flowScopeKey());
      if (scope == null || !acceptsChildren(scope, element)) {
        return; // the scope ended or was interrupted meanwhile: this token dies with it
      }
    }
    ctx.event(key, ProcessInstanceIntent.ELEMENT_ACTIVATING, value);
    continueActivation(instance(key));
  }

  private boolean acceptsChildren(ElementInstance scope, ExecutableFlowNode child) {
    if (scope.state() != ProcessInstanceIntent.ELEMENT_ACTIVATED) {
      return false;
    }
    if (!scope.interrupted()) {
      return true;
    }
    // An interrupted scope only admits the event sub-process that interrupted it.
    return child.elementType() == BpmnElementType.EVENT_SUB_PROCESS
        || (child.elementType() == BpmnElementType.START_EVENT
            && child.flowScope().elementType() == BpmnElementType.EVENT_SUB_PROCESS);
  }

  /** Runs (or re-runs after an incident) the ACTIVATING step. */
  public void continueActivation(ElementInstance instance) {
    var element = elementOf(instance);
    if (element.flowScope() != null && element.flowScope().isMultiInstanceBody()) {
      MultiInstanceHandler.initInnerInstance(this, element.flowScope(), instance);
    }
    String failure = variables.applyInputMappings(instance, element.inputMappings());
    if (failure != null) {
      incidents.raise(instance, ErrorType.IO_MAPPING_ERROR, failure);
      return;
    }
    handler(element).onActivating(element, instance);
  }

  public void markActivated(ElementInstance instance) {
    ctx.event(instance.key(), ProcessInstanceIntent.ELEMENT_ACTIVATED, instance.value());
  }

  /** COMPLETING → COMPLETED now, taking all outgoing flows. */
  public void complete(ElementInstance instance) {
    ctx.event(instance.key(), ProcessInstanceIntent.ELEMENT_COMPLETING, instance.value());
    continueCompletion(instance);
  }

  /** COMPLETING → COMPLETED now, taking only {@code flows}. */
  public void complete(ElementInstance instance, List<ExecutableSequenceFlow> flowsToTake) {
    chosenFlows.put(instance.key(), flowsToTake);
    complete(instance);
  }

  /** Hands values to the step after completion (variables of a finished called process). */
  void handOn(ElementInstance instance, Map<String, Object> values) {
    handedOn.put(instance.key(), values);
  }

  /** Runs (or re-runs after an incident) the COMPLETING step. */
  public void continueCompletion(ElementInstance instance) {
    var element = elementOf(instance);
    if (!handler(element).onCompleting(element, instance)) {
      return;
    }
    boolean inner = element.flowScope() != null && element.flowScope().isMultiInstanceBody();
    String failure = variables.applyOutputMappings(instance, element.outputMappings(), inner);
    if (failure != null) {
      incidents.raise(instance, ErrorType.IO_MAPPING_ERROR, failure);
      return;
    }
    if (element.flowScope() != null && element.flowScope().isMultiInstanceBody()) {
      if (!MultiInstanceHandler.collectOutput(this, element.flowScope(), instance)) {
        return;
      }
    }
    subscriptions.closeAll(instance);
    long key = instance.key();
    var value = instance.value();
    var flowsToTake = chosenFlows.remove(key);
    var values = handedOn.remove(key);
    ctx.event(key, ProcessInstanceIntent.ELEMENT_COMPLETED, value);
    var completed =
        new CompletedElement(
            key,
            value,
            flowsToTake != null ? flowsToTake : element.outgoing(),
            values == null ? Map.of() : values);
    afterCompleted(element, completed);
  }

  private void afterCompleted(ExecutableFlowNode element, CompletedElement completed) {
    handler(element).afterCompleted(element, completed);
    if (element.elementType() == BpmnElementType.PROCESS) {
      return;
    }
    var scope = instance(completed.value().flowScopeKey());
    if (!completed.flowsToTake().isEmpty()) {
      flows.take(scope, completed.flowsToTake());
    } else if (scope != null) {
      childDone(scope);
    }
  }

  /** A child of {@code scope} completed (without taking flows) or terminated. */
  public void childDone(ElementInstance scope) {
    if (scope.state() == ProcessInstanceIntent.ELEMENT_TERMINATING) {
      if (scope.childCount() == 0 && scope.calledChildInstanceKey() < 0) {
        finishTermination(scope);
      }
      return;
    }
    if (scope.state() != ProcessInstanceIntent.ELEMENT_ACTIVATED) {
      return;
    }
    var element = elementOf(scope);
    handler(element).onChildDone(element, scope);
  }

  /**
   * The default for process and sub-process scopes: complete when nothing runs and no token is in
   * flight; an interrupted scope first starts the event sub-process that interrupted it.
   */
  void completeScopeIfDone(ExecutableFlowNode element, ElementInstance scope) {
    if (scope.interrupted()) {
      if (scope.childCount() > 0) {
        return;
      }
      var pending = ScopeHandlers.pendingInterruptingEventSubProcess(this, element, scope);
      if (pending != null) {
        activateNow(scope, pending);
      } else {
        complete(scope);
      }
      return;
    }
    flows.checkInclusiveJoins(scope);
    if (scope.childCount() == 0 && scope.activeSequenceFlows() == 0) {
      complete(scope);
    }
  }

  // ---------------------------------------------------------------- termination

  public void terminate(ElementInstance instance) {
    ctx.event(instance.key(), ProcessInstanceIntent.ELEMENT_TERMINATING, instance.value());
    var element = elementOf(instance);
    jobs.cancelJob(instance);
    subscriptions.closeAll(instance);
    incidents.resolveAllOf(instance);
    handler(element).onTerminating(element, instance);
    for (var child : ctx.state().elementInstances().children(instance.key())) {
      if (child.isLive()) {
        terminate(child);
      }
    }
    var current = instance(instance.key());
    if (current != null
        && current.isTerminating()
        && current.childCount() == 0
        && current.calledChildInstanceKey() < 0) {
      finishTermination(current);
    }
  }

  public void finishTermination(ElementInstance instance) {
    if (instance(instance.key()) == null || !instance.isTerminating()) {
      return;
    }
    var element = elementOf(instance);
    var value = instance.value();
    ctx.event(instance.key(), ProcessInstanceIntent.ELEMENT_TERMINATED, value);
    if (value.bpmnElementType() == BpmnElementType.PROCESS) {
      ScopeHandlers.afterProcessTerminated(this, instance);
      return;
    }
    var scope = instance(value.flowScopeKey());
    if (scope == null) {
      return;
    }
    // An interrupting boundary event waits for its activity to be gone, then takes over.
    for (var boundary : element.boundaryEvents()) {
      if (boundary.interrupting() && hasTriggerFor(scope, boundary.id())) {
        activateNow(scope, boundary);
        return;
      }
    }
    childDone(scope);
  }

  boolean hasTriggerFor(ElementInstance scope, String targetId) {
    for (var trigger : ctx.state().eventTriggers().of(scope.key())) {
      if (trigger.event().targetElementId().equals(targetId)) {
        return true;
      }
    }
    return false;
  }

  FlowBehavior flows() {
    return flows;
  }

  public TriggerBehavior triggers() {
    return triggers;
  }

  public MessageCorrelation messageCorrelation() {
    return messageCorrelation;
  }

  public SignalBehavior signals() {
    return signals;
  }

  void chooseFlows(ElementInstance instance, List<ExecutableSequenceFlow> flowsToTake) {
    chosenFlows.put(instance.key(), flowsToTake);
  }

  void completionConditionMet(long bodyKey) {
    completionConditionsMet.add(bodyKey);
  }

  boolean isCompletionConditionMet(long bodyKey) {
    return completionConditionsMet.contains(bodyKey);
  }

  void forgetCompletionCondition(long bodyKey) {
    completionConditionsMet.remove(bodyKey);
  }
}
