package dev.millrace.engine.bpmn.model;

import dev.millrace.engine.bpmn.model.Definitions.BindingType;
import dev.millrace.engine.bpmn.model.Definitions.CalledElement;
import dev.millrace.engine.bpmn.model.Definitions.ErrorDefinition;
import dev.millrace.engine.bpmn.model.Definitions.JobDefinition;
import dev.millrace.engine.bpmn.model.Definitions.LoopCharacteristics;
import dev.millrace.engine.bpmn.model.Definitions.Mapping;
import dev.millrace.engine.bpmn.model.Definitions.MessageDefinition;
import dev.millrace.engine.bpmn.model.Definitions.Script;
import dev.millrace.engine.bpmn.model.Definitions.SignalDefinition;
import dev.millrace.engine.bpmn.model.Definitions.TimerDefinition;
import dev.millrace.engine.bpmn.model.Definitions.TimerKind;
import dev.millrace.engine.bpmn.timer.Cycle;
import dev.millrace.engine.bpmn.timer.Interval;
import dev.millrace.engine.feel.Expression;
import dev.millrace.engine.feel.ExpressionLanguage;
import dev.millrace.engine.feel.ExpressionParseException;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Error;
import io.camunda.zeebe.model.bpmn.instance.Message;
import io.camunda.zeebe.model.bpmn.instance.MultiInstanceLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeBindingType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeCalledElement;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeIoMapping;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeScript;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeSubscription;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskHeaders;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the zeebe:* extensions and event definitions of one BPMN element into executable
 * definitions, parsing every expression once; problems go to {@link Problems} with the element id.
 */
final class ElementFeatures {

  /** The job type Zeebe gives job-worker user tasks. */
  static final String USER_TASK_JOB_TYPE = "io.camunda.zeebe:userTask";

  private final ExpressionLanguage expressions;
  private final Problems problems;

  ElementFeatures(ExpressionLanguage expressions, Problems problems) {
    this.expressions = expressions;
    this.problems = problems;
  }

  Expression expression(String elementId, String attribute, String text) {
    if (text == null) {
      return null;
    }
    try {
      return expressions.parse(text);
    } catch (ExpressionParseException e) {
      problems.add(elementId, attribute + ": " + e.getMessage());
      return null;
    }
  }

  /** zeebe:taskDefinition + zeebe:taskHeaders, or null when the element has none. */
  JobDefinition jobDefinition(BaseElement element) {
    var definition = element.getSingleExtensionElement(ZeebeTaskDefinition.class);
    if (definition == null) {
      return null;
    }
    String id = element.getId();
    String retries = definition.getRetries() == null ? "3" : definition.getRetries();
    return new JobDefinition(
        expression(id, "zeebe:taskDefinition type", definition.getType()),
        expression(id, "zeebe:taskDefinition retries", retries),
        headers(element));
  }

  /**
   * A user task without zeebe:userTask runs as a job of type {@value #USER_TASK_JOB_TYPE}, with its
   * assignment and form as headers (Zeebe's job-worker user tasks).
   */
  JobDefinition userTaskJob(BaseElement element) {
    Map<String, String> headers = new LinkedHashMap<>(headers(element));
    var assignment = element.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
    if (assignment != null) {
      putIfPresent(headers, "io.camunda.zeebe:assignee", assignment.getAssignee());
      putIfPresent(headers, "io.camunda.zeebe:candidateGroups", assignment.getCandidateGroups());
      putIfPresent(headers, "io.camunda.zeebe:candidateUsers", assignment.getCandidateUsers());
    }
    var form = element.getSingleExtensionElement(ZeebeFormDefinition.class);
    if (form != null) {
      putIfPresent(headers, "io.camunda.zeebe:formKey", form.getFormKey());
    }
    return new JobDefinition(
        new Expression.Static(USER_TASK_JOB_TYPE), new Expression.Static("1"), Map.copyOf(headers));
  }

  private static void putIfPresent(Map<String, String> headers, String key, String value) {
    if (value != null && !value.isBlank()) {
      headers.put(key, value);
    }
  }

  private Map<String, String> headers(BaseElement element) {
    var taskHeaders = element.getSingleExtensionElement(ZeebeTaskHeaders.class);
    if (taskHeaders == null) {
      return Map.of();
    }
    Map<String, String> headers = new LinkedHashMap<>();
    taskHeaders.getHeaders().forEach(h -> headers.put(h.getKey(), h.getValue()));
    return Map.copyOf(headers);
  }

  void ioMappings(BaseElement element, List<Mapping> inputs, List<Mapping> outputs) {
    var io = element.getSingleExtensionElement(ZeebeIoMapping.class);
    if (io == null) {
      return;
    }
    String id = element.getId();
    io.getInputs().forEach(i -> mapping(id, "zeebe:input", i.getSource(), i.getTarget(), inputs));
    io.getOutputs()
        .forEach(o -> mapping(id, "zeebe:output", o.getSource(), o.getTarget(), outputs));
  }

  private void mapping(String id, String what, String source, String target, List<Mapping> out) {
    if (target == null || target.isBlank()) {
      problems.add(id, what + ": the target must name a variable");
      return;
    }
    Expression expression =
        expression(id, what + " source", source == null || source.isBlank() ? "=null" : source);
    if (expression != null) {
      out.add(new Mapping(expression, target.strip()));
    }
  }

  Script script(BaseElement element) {
    var script = element.getSingleExtensionElement(ZeebeScript.class);
    if (script == null) {
      return null;
    }
    return new Script(
        expression(element.getId(), "zeebe:script expression", script.getExpression()),
        script.getResultVariable());
  }

  MessageDefinition message(BaseElement element, Message message, boolean needsCorrelationKey) {
    String id = element.getId();
    if (message == null || message.getName() == null || message.getName().isBlank()) {
      problems.add(id, "Must reference a message with a name");
      return null;
    }
    Expression correlationKey = null;
    var subscription = message.getSingleExtensionElement(ZeebeSubscription.class);
    if (subscription != null) {
      correlationKey =
          expression(id, "zeebe:subscription correlationKey", subscription.getCorrelationKey());
    }
    if (needsCorrelationKey && correlationKey == null) {
      problems.add(id, "Must have a correlation key (zeebe:subscription correlationKey)");
    }
    return new MessageDefinition(expression(id, "message name", message.getName()), correlationKey);
  }

  TimerDefinition timer(String id, TimerEventDefinition definition) {
    TimerKind kind;
    String text;
    if (definition.getTimeDuration() != null) {
      kind = TimerKind.DURATION;
      text = definition.getTimeDuration().getTextContent();
    } else if (definition.getTimeDate() != null) {
      kind = TimerKind.DATE;
      text = definition.getTimeDate().getTextContent();
    } else if (definition.getTimeCycle() != null) {
      kind = TimerKind.CYCLE;
      text = definition.getTimeCycle().getTextContent();
    } else {
      problems.add(id, "Must have exactly one type of timer: timeDuration, timeDate or timeCycle");
      return null;
    }
    if (text == null || text.isBlank()) {
      problems.add(id, "The timer's " + kind.name().toLowerCase() + " must not be empty");
      return null;
    }
    Expression expression = expression(id, "timer", text.strip());
    if (expression instanceof Expression.Static s) {
      try {
        switch (kind) {
          case DURATION -> Interval.parse(s.text());
          case DATE -> Cycle.parseDateTime(s.text(), s.text());
          case CYCLE -> Cycle.parse(s.text()).first(Instant.now());
        }
      } catch (IllegalArgumentException e) {
        problems.add(id, "Invalid timer " + kind.name().toLowerCase() + ": " + e.getMessage());
      }
    }
    return expression == null ? null : new TimerDefinition(kind, expression);
  }

  SignalDefinition signal(String id, io.camunda.zeebe.model.bpmn.instance.Signal signal) {
    if (signal == null || signal.getName() == null || signal.getName().isBlank()) {
      problems.add(id, "Must reference a signal with a name");
      return null;
    }
    return new SignalDefinition(expression(id, "signal name", signal.getName()));
  }

  ErrorDefinition error(String id, Error error, boolean throwing) {
    String code = error == null ? null : error.getErrorCode();
    if (throwing && (code == null || code.isBlank())) {
      problems.add(id, "Must reference an error with an error code");
    }
    return new ErrorDefinition(code == null || code.isBlank() ? null : code);
  }

  CalledElement calledElement(BaseElement element) {
    var called = element.getSingleExtensionElement(ZeebeCalledElement.class);
    String id = element.getId();
    if (called == null || called.getProcessId() == null || called.getProcessId().isBlank()) {
      problems.add(id, "Must have a zeebe:calledElement with a processId");
      return null;
    }
    ZeebeBindingType binding = called.getBindingType();
    BindingType bindingType =
        binding == null
            ? BindingType.LATEST
            : switch (binding) {
              case latest -> BindingType.LATEST;
              case deployment -> BindingType.DEPLOYMENT;
              case versionTag -> BindingType.VERSION_TAG;
            };
    if (bindingType == BindingType.VERSION_TAG
        && (called.getVersionTag() == null || called.getVersionTag().isBlank())) {
      problems.add(id, "The binding type 'versionTag' needs a zeebe:calledElement versionTag");
    }
    return new CalledElement(
        expression(id, "zeebe:calledElement processId", called.getProcessId()),
        bindingType,
        called.getVersionTag(),
        called.isPropagateAllChildVariablesEnabled(),
        called.isPropagateAllParentVariablesEnabled());
  }

  LoopCharacteristics loop(String id, MultiInstanceLoopCharacteristics loop) {
    var zeebe = loop.getSingleExtensionElement(ZeebeLoopCharacteristics.class);
    if (zeebe == null || zeebe.getInputCollection() == null) {
      problems.add(id, "Must have a zeebe:loopCharacteristics inputCollection");
      return null;
    }
    String completion =
        loop.getCompletionCondition() == null
            ? null
            : loop.getCompletionCondition().getTextContent();
    if (zeebe.getOutputCollection() != null && zeebe.getOutputElement() == null) {
      problems.add(id, "zeebe:loopCharacteristics outputCollection needs an outputElement");
    }
    return new LoopCharacteristics(
        loop.isSequential(),
        expression(id, "zeebe:loopCharacteristics inputCollection", zeebe.getInputCollection()),
        blankToNull(zeebe.getInputElement()),
        blankToNull(zeebe.getOutputCollection()),
        expression(id, "zeebe:loopCharacteristics outputElement", zeebe.getOutputElement()),
        completion == null || completion.isBlank()
            ? null
            : expression(id, "completionCondition", completion.strip()));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
