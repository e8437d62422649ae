package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.BpmnEventType;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Activity;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.CatchEvent;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.Event;
import io.camunda.zeebe.model.bpmn.instance.EventBasedGateway;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.InclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.ManualTask;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.ReceiveTask;
import io.camunda.zeebe.model.bpmn.instance.ScriptTask;
import io.camunda.zeebe.model.bpmn.instance.SendTask;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.Task;
import io.camunda.zeebe.model.bpmn.instance.ThrowEvent;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeVersionTag;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.xml.validation.ValidationResultType;

/**
 * Turns a BPMN resource into executable processes, or rejects it naming every problem with its
 * element id. Runs Zeebe's own design-time validators (from the Apache-2.0 zeebe-bpmn-model) and
 * then the checks of what Millrace executes.
 */
public final class BpmnTransformer {

  /** One executable process of a resource, with its optional zeebe:versionTag. */
  public record TransformedProcess(ExecutableProcess process, String versionTag) {}

  private final ExpressionLanguage expressions;

  public BpmnTransformer(ExpressionLanguage expressions) {
    this.expressions = expressions;
  }

  /**
   * @throws DeploymentRejection naming the resource and each problem
   */
  public List<TransformedProcess> transform(String resourceName, byte[] xml) {
    BpmnModelInstance model = BpmnXmlReader.read(resourceName, xml);
    var problems = new Problems(resourceName);
    model
        .validate(ZeebeDesignTimeValidators.VALIDATORS)
        .getResults()
        .forEach(
            (element, results) ->
                results.stream()
                    .filter(r -> r.getType() == ValidationResultType.ERROR)
                    .forEach(r -> problems.add(idOf(element), r.getMessage())));

    var processes = new ArrayList<TransformedProcess>();
    for (Process process : model.getModelElementsByType(Process.class)) {
      if (!process.isExecutable()) {
        continue;
      }
      var build = new ScopeBuilder(new ElementFeatures(expressions, problems), problems);
      ExecutableProcess executable = build.process(process);
      var tag = process.getSingleExtensionElement(ZeebeVersionTag.class);
      processes.add(new TransformedProcess(executable, tag == null ? null : tag.getValue()));
    }
    if (processes.isEmpty() && problems.isEmpty()) {
      throw new DeploymentRejection(
          "'" + resourceName + "': Must contain at least one executable process");
    }
    if (!problems.isEmpty()) {
      throw problems.toRejection();
    }
    return processes;
  }

  private static String idOf(org.camunda.bpm.model.xml.instance.ModelElementInstance element) {
    String id = element.getAttributeValue("id");
    return id != null ? id : element.getElementType().getTypeName();
  }

  /** Builds one process: nodes per scope, then flows and attachments once all nodes exist. */
  private static final class ScopeBuilder {

    private final ElementFeatures features;
    private final Problems problems;
    private final Map<String, ExecutableFlowNode> elements = new HashMap<>();
    private final List<SequenceFlow> flows = new ArrayList<>();
    private final List<BoundaryEvent> boundaries = new ArrayList<>();
    private final Map<String, ExecutableSequenceFlow> sequenceFlows = new HashMap<>();

    ScopeBuilder(ElementFeatures features, Problems problems) {
      this.features = features;
      this.problems = problems;
    }

    ExecutableProcess process(Process process) {
      var root =
          new ExecutableFlowNode(
              process.getId(), process.getName(), BpmnElementType.PROCESS, BpmnEventType.NONE);
      scope(root, process.getFlowElements());
      connect();
      if (root.noneStartEvent == null && root.startEvents.isEmpty()) {
        problems.add(process.getId(), "Must have at least one start event");
      }
      return new ExecutableProcess(process.getId(), root, elements, sequenceFlows);
    }

    private void scope(ExecutableFlowNode scope, java.util.Collection<FlowElement> content) {
      for (FlowElement element : content) {
        if (element instanceof SequenceFlow flow) {
          flows.add(flow);
        } else if (element instanceof FlowNode node) {
          ExecutableFlowNode executable = node(node);
          if (executable == null) {
            continue;
          }
          ExecutableFlowNode placed = wrapMultiInstance(node, executable);
          placed.flowScope = scope;
          scope.children.add(placed);
          elements.put(node.getId(), placed);
          registerStart(scope, node, executable);
        }
      }
    }

    private void registerStart(ExecutableFlowNode scope, FlowNode node, ExecutableFlowNode start) {
      if (!(node instanceof StartEvent startEvent)) {
        return;
      }
      if (scope.elementType() == BpmnElementType.EVENT_SUB_PROCESS) {
        scope.startEvents.add(start);
        scope.interrupting = startEvent.isInterrupting();
        start.interrupting = startEvent.isInterrupting();
      } else if (start.eventType() == BpmnEventType.NONE) {
        if (scope.noneStartEvent != null) {
          problems.add(node.getId(), "Must have at most one none start event per scope");
        }
        scope.noneStartEvent = start;
      } else if (scope.elementType() == BpmnElementType.PROCESS) {
        scope.startEvents.add(start);
      } else {
        problems.add(node.getId(), "A sub-process start event must be a none start event");
      }
    }

    private ExecutableFlowNode wrapMultiInstance(FlowNode node, ExecutableFlowNode inner) {
      if (!(node instanceof Activity activity)
          || !(activity.getLoopCharacteristics()
              instanceof MultiInstanceLoopCharacteristics loop)) {
        return inner;
      }
      var body =
          new ExecutableFlowNode(
              node.getId(),
              node.getName(),
              BpmnElementType.MULTI_INSTANCE_BODY,
              BpmnEventType.NONE);
      body.innerActivity = inner;
      body.loopCharacteristics = features.loop(node.getId(), loop);
      inner.flowScope = body;
      body.children.add(inner);
      return body;
    }

    private ExecutableFlowNode node(FlowNode node) {
      String id = node.getId();
      String name = node.getName();
      ExecutableFlowNode created =
          switch (node) {
            case StartEvent e -> event(e, BpmnElementType.START_EVENT);
            case EndEvent e -> event(e, BpmnElementType.END_EVENT);
            case IntermediateCatchEvent e -> event(e, BpmnElementType.INTERMEDIATE_CATCH_EVENT);
            case IntermediateThrowEvent e -> event(e, BpmnElementType.INTERMEDIATE_THROW_EVENT);
            case BoundaryEvent e -> {
              boundaries.add(e);
              var boundary = event(e, BpmnElementType.BOUNDARY_EVENT);
              if (boundary != null) {
                boundary.interrupting = e.cancelActivity();
              }
              yield boundary;
            }
            case ServiceTask t -> job(t, BpmnElementType.SERVICE_TASK);
            case SendTask t -> job(t, BpmnElementType.SEND_TASK);
            case BusinessRuleTask t -> job(t, BpmnElementType.BUSINESS_RULE_TASK);
            case ScriptTask t -> scriptTask(t);
            case UserTask t -> {
              var task =
                  new ExecutableFlowNode(id, name, BpmnElementType.USER_TASK, BpmnEventType.NONE);
              task.jobDefinition = features.userTaskJob(t);
              yield task;
            }
            case ReceiveTask t -> {
              var task =
                  new ExecutableFlowNode(
                      id, name, BpmnElementType.RECEIVE_TASK, BpmnEventType.MESSAGE);
              task.message = features.message(t, t.getMessage(), true);
              yield task;
            }
            case ManualTask t ->
                new ExecutableFlowNode(id, name, BpmnElementType.MANUAL_TASK, BpmnEventType.NONE);
            case CallActivity c -> {
              var call =
                  new ExecutableFlowNode(
                      id, name, BpmnElementType.CALL_ACTIVITY, BpmnEventType.NONE);
              call.calledElement = features.calledElement(c);
              yield call;
            }
            case SubProcess s -> subProcess(s);
            case ExclusiveGateway g -> {
              var gateway =
                  new ExecutableFlowNode(
                      id, name, BpmnElementType.EXCLUSIVE_GATEWAY, BpmnEventType.NONE);
              defaultFlows.put(gateway, g.getDefault());
              yield gateway;
            }
            case InclusiveGateway g -> {
              var gateway =
                  new ExecutableFlowNode(
                      id, name, BpmnElementType.INCLUSIVE_GATEWAY, BpmnEventType.NONE);
              defaultFlows.put(gateway, g.getDefault());
              yield gateway;
            }
            case ParallelGateway g ->
                new ExecutableFlowNode(
                    id, name, BpmnElementType.PARALLEL_GATEWAY, BpmnEventType.NONE);
            case EventBasedGateway g ->
                new ExecutableFlowNode(
                    id, name, BpmnElementType.EVENT_BASED_GATEWAY, BpmnEventType.NONE);
            case Task t ->
                new ExecutableFlowNode(id, name, BpmnElementType.TASK, BpmnEventType.NONE);
            default -> {
              problems.add(
                  id,
                  "Elements of type '"
                      + node.getElementType().getTypeName()
                      + "' are not supported");
              yield null;
            }
          };
      if (created != null) {
        features.ioMappings(node, created.inputMappings, created.outputMappings);
        if (created.inputMappings.size() > 0
            && created.elementType() == BpmnElementType.START_EVENT) {
          problems.add(id, "Start events must not have input mappings");
        }
      }
      return created;
    }

    private final Map<ExecutableFlowNode, SequenceFlow> defaultFlows = new HashMap<>();

    private ExecutableFlowNode job(Task task, BpmnElementType type) {
      var node = new ExecutableFlowNode(task.getId(), task.getName(), type, BpmnEventType.NONE);
      node.jobDefinition = features.jobDefinition(task);
      if (node.jobDefinition == null && type == BpmnElementType.BUSINESS_RULE_TASK) {
        problems.add(
            task.getId(),
            "Business rule tasks with a called decision (DMN) are not supported; use a zeebe:taskDefinition");
      }
      return node;
    }

    private ExecutableFlowNode scriptTask(ScriptTask task) {
      var node =
          new ExecutableFlowNode(
              task.getId(), task.getName(), BpmnElementType.SCRIPT_TASK, BpmnEventType.NONE);
      node.script = features.script(task);
      if (node.script == null) {
        node.jobDefinition = features.jobDefinition(task);
      }
      return node;
    }

    private ExecutableFlowNode subProcess(SubProcess subProcess) {
      boolean eventSub = subProcess.triggeredByEvent();
      var node =
          new ExecutableFlowNode(
              subProcess.getId(),
              subProcess.getName(),
              eventSub ? BpmnElementType.EVENT_SUB_PROCESS : BpmnElementType.SUB_PROCESS,
              BpmnEventType.NONE);
      scope(node, subProcess.getFlowElements());
      if (eventSub) {
        if (node.startEvents.size() != 1) {
          problems.add(
              subProcess.getId(), "An event sub-process must have exactly one start event");
        }
      } else if (node.noneStartEvent == null) {
        problems.add(subProcess.getId(), "Must have exactly one none start event");
      }
      return node;
    }

    private ExecutableFlowNode event(Event event, BpmnElementType type) {
      String id = event.getId();
      var definitions =
          event instanceof CatchEvent c
              ? c.getEventDefinitions()
              : event instanceof ThrowEvent t
                  ? t.getEventDefinitions()
                  : List.<io.camunda.zeebe.model.bpmn.instance.EventDefinition>of();
      if (definitions.size() > 1) {
        problems.add(id, "Must have at most one event definition");
        return null;
      }
      var definition = definitions.isEmpty() ? null : definitions.iterator().next();
      return EventDefinitions.build(this.features, problems, event, type, definition);
    }

    private void connect() {
      for (SequenceFlow flow : flows) {
        var source = elements.get(flow.getSource().getId());
        var target = elements.get(flow.getTarget().getId());
        if (source == null || target == null) {
          continue; // the unsupported end was already reported
        }
        String condition =
            flow.getConditionExpression() == null
                ? null
                : flow.getConditionExpression().getTextContent();
        var executable =
            new ExecutableSequenceFlow(
                flow.getId(),
                condition == null || condition.isBlank()
                    ? null
                    : features.expression(flow.getId(), "condition", condition.strip()));
        executable.connect(source, target);
        sequenceFlows.put(flow.getId(), executable);
        source.outgoing.add(executable);
        target.incoming.add(executable);
        defaultFlows.forEach(
            (gateway, defaultFlow) -> {
              if (defaultFlow != null && defaultFlow.getId().equals(flow.getId())) {
                gateway.defaultFlow = executable;
              }
            });
      }
      for (BoundaryEvent boundary : boundaries) {
        var event = elements.get(boundary.getId());
        var attachedTo =
            boundary.getAttachedTo() == null
                ? null
                : elements.get(boundary.getAttachedTo().getId());
        if (event == null || attachedTo == null) {
          if (event != null) {
            problems.add(boundary.getId(), "Must be attached to an activity");
          }
          continue;
        }
        event.attachedTo = attachedTo;
        attachedTo.boundaryEvents.add(event);
      }
      for (ExecutableFlowNode node : elements.values()) {
        if (node.elementType() == BpmnElementType.EVENT_SUB_PROCESS) {
          node.flowScope.eventSubProcesses.add(node);
        }
      }
    }
  }
}
