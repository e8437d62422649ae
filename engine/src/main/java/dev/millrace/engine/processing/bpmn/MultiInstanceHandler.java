package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.state.ElementInstance;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The multi-instance body around an activity: one inner instance per item of the input collection,
 * all at once (parallel) or one after another (sequential), collecting outputs, until all are done
 * or the completion condition holds. Maintains Zeebe's numberOf* body variables.
 */
final class MultiInstanceHandler implements ElementHandler {

  static final String LOOP_COUNTER = "loopCounter";
  static final String NUMBER_OF_INSTANCES = "numberOfInstances";
  static final String NUMBER_OF_ACTIVE = "numberOfActiveInstances";
  static final String NUMBER_OF_COMPLETED = "numberOfCompletedInstances";
  static final String NUMBER_OF_TERMINATED = "numberOfTerminatedInstances";

  private final BpmnProcessing bpmn;

  MultiInstanceHandler(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void onActivating(ExecutableFlowNode body, ElementInstance instance) {
    var loop = body.loopCharacteristics();
    var collection =
        bpmn.expressions.evaluateList(
            loop.inputCollection(), bpmn.variables.lookup(instance.key()));
    if (!collection.isSuccess()) {
      bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, collection.failureMessage());
      return;
    }
    if (!TaskHandlers.openBoundaries(bpmn, body, instance)) {
      return;
    }
    int size = collection.value().size();
    Map<String, Object> locals = new HashMap<>();
    if (loop.outputCollection() != null) {
      var empty = new ArrayList<Object>(size);
      for (int i = 0; i < size; i++) {
        empty.add(null);
      }
      locals.put(loop.outputCollection(), empty);
    }
    locals.put(NUMBER_OF_INSTANCES, size);
    locals.put(NUMBER_OF_ACTIVE, 0);
    locals.put(NUMBER_OF_COMPLETED, 0);
    locals.put(NUMBER_OF_TERMINATED, 0);
    bpmn.variables.setLocal(instance, locals);
    bpmn.markActivated(instance);
    TaskHandlers.afterSubscribed(bpmn, instance);
    if (size == 0) {
      bpmn.complete(instance);
      return;
    }
    int start = loop.sequential() ? 1 : size;
    for (int i = 0; i < start; i++) {
      bpmn.queueActivate(instance, body.innerActivity());
    }
  }

  /** Sets loopCounter and the input element on a new inner instance (kept on incident re-runs). */
  static void initInnerInstance(
      BpmnProcessing bpmn, ExecutableFlowNode body, ElementInstance inner) {
    var variables = bpmn.ctx.state().variables();
    if (variables.getLocal(inner.key(), LOOP_COUNTER) != null) {
      return;
    }
    var bodyInstance = bpmn.instance(inner.flowScopeKey());
    int loopCounter = bodyInstance.loopCounter();
    Map<String, Object> locals = new HashMap<>();
    locals.put(LOOP_COUNTER, loopCounter);
    var loop = body.loopCharacteristics();
    if (loop.inputElement() != null) {
      var collection =
          bpmn.expressions.evaluateList(
              loop.inputCollection(), bpmn.variables.lookup(bodyInstance.key()));
      Object item =
          collection.isSuccess() && loopCounter - 1 < collection.value().size()
              ? collection.value().get(loopCounter - 1)
              : null;
      locals.put(loop.inputElement(), JsonValues.toJsonCompatible(item));
    }
    String outputVariable = outputElementVariable(loop);
    if (outputVariable != null && !outputVariable.equals(loop.inputElement())) {
      // Zeebe nil-initialises a variable output element in the inner instance, so whatever the
      // inner activity writes to it (mappings, results) stays in that instance to be collected.
      locals.put(outputVariable, null);
    }
    bpmn.variables.setLocal(inner, locals);
    adjust(bpmn, bodyInstance, NUMBER_OF_ACTIVE, 1);
  }

  private static final java.util.regex.Pattern VARIABLE_REFERENCE =
      java.util.regex.Pattern.compile(
          "^=\\s*([A-Za-z_][A-Za-z0-9_]*)(\\.[A-Za-z_][A-Za-z0-9_]*)*\\s*$");

  /** The variable an output element expression names (`=result`, `=result.value`), or null. */
  static String outputElementVariable(
      dev.millrace.engine.bpmn.model.Definitions.LoopCharacteristics loop) {
    if (loop.outputElement() == null) {
      return null;
    }
    var matcher = VARIABLE_REFERENCE.matcher(loop.outputElement().text().strip());
    return matcher.matches() ? matcher.group(1) : null;
  }

  /**
   * Before an inner instance's scope goes away: its output element into the body's output
   * collection, and the completion condition. False after raising an incident.
   */
  static boolean collectOutput(
      BpmnProcessing bpmn, ExecutableFlowNode body, ElementInstance inner) {
    var loop = body.loopCharacteristics();
    var bodyInstance = bpmn.instance(inner.flowScopeKey());
    var lookup = bpmn.variables.lookup(inner.key());
    if (loop.outputCollection() != null) {
      var output = bpmn.expressions.evaluateJson(loop.outputElement(), lookup);
      if (!output.isSuccess()) {
        bpmn.incidents.raise(inner, ErrorType.EXTRACT_VALUE_ERROR, output.failureMessage());
        return false;
      }
      String current =
          bpmn.ctx.state().variables().getLocal(bodyInstance.key(), loop.outputCollection());
      Object list = current == null ? null : JsonValues.parse(current);
      if (!(list instanceof List<?>)) {
        bpmn.incidents.raise(
            inner,
            ErrorType.EXTRACT_VALUE_ERROR,
            "Expected the output collection variable '"
                + loop.outputCollection()
                + "' to be a list, but it was "
                + JsonValues.typeName(list));
        return false;
      }
      @SuppressWarnings("unchecked")
      var values = new ArrayList<>((List<Object>) list);
      int index = loopCounterOf(bpmn, inner) - 1;
      while (values.size() <= index) {
        values.add(null);
      }
      values.set(index, output.value());
      bpmn.variables.setLocal(
          bodyInstance.key(), loop.outputCollection(), JsonValues.write(values), bodyInstance);
    }
    adjust(bpmn, bodyInstance, NUMBER_OF_ACTIVE, -1);
    adjust(bpmn, bodyInstance, NUMBER_OF_COMPLETED, 1);
    if (loop.completionCondition() != null) {
      var condition = bpmn.expressions.evaluateBoolean(loop.completionCondition(), lookup);
      if (!condition.isSuccess()) {
        bpmn.incidents.raise(inner, ErrorType.EXTRACT_VALUE_ERROR, condition.failureMessage());
        return false;
      }
      if (condition.value()) {
        bpmn.completionConditionMet(bodyInstance.key());
      }
    }
    return true;
  }

  private static int loopCounterOf(BpmnProcessing bpmn, ElementInstance inner) {
    String value = bpmn.ctx.state().variables().getLocal(inner.key(), LOOP_COUNTER);
    return value == null ? 1 : Integer.parseInt(value);
  }

  private static void adjust(BpmnProcessing bpmn, ElementInstance body, String name, int delta) {
    String current = bpmn.ctx.state().variables().getLocal(body.key(), name);
    long value = current == null ? 0 : Long.parseLong(current);
    bpmn.variables.setLocal(body.key(), name, Long.toString(value + delta), body);
  }

  /** The body's output collection leaves with it, into the enclosing scope (as in Zeebe). */
  @Override
  public boolean onCompleting(ExecutableFlowNode body, ElementInstance instance) {
    bpmn.forgetCompletionCondition(instance.key());
    String name = body.loopCharacteristics().outputCollection();
    if (name != null) {
      String value = bpmn.ctx.state().variables().getLocal(instance.key(), name);
      if (value != null) {
        Map<String, Object> values = new HashMap<>();
        values.put(name, JsonValues.parse(value));
        bpmn.variables.propagate(instance.flowScopeKey(), values, instance);
      }
    }
    return true;
  }

  @Override
  public void onChildDone(ExecutableFlowNode body, ElementInstance instance) {
    if (bpmn.isCompletionConditionMet(instance.key())) {
      for (var child : bpmn.ctx.state().elementInstances().children(instance.key())) {
        if (child.isLive()) {
          adjust(bpmn, instance, NUMBER_OF_ACTIVE, -1);
          adjust(bpmn, instance, NUMBER_OF_TERMINATED, 1);
          bpmn.terminate(child);
        }
      }
      if (bpmn.instance(instance.key()) != null
          && instance.childCount() == 0
          && instance.state()
              == dev.millrace.engine.record.ProcessInstanceIntent.ELEMENT_ACTIVATED) {
        bpmn.complete(instance);
      }
      return;
    }
    if (instance.childCount() > 0) {
      return;
    }
    String total = bpmn.ctx.state().variables().getLocal(instance.key(), NUMBER_OF_INSTANCES);
    int size = total == null ? 0 : Integer.parseInt(total);
    if (instance.loopCounter() < size) {
      if (body.loopCharacteristics().sequential()) {
        bpmn.queueActivate(instance, body.innerActivity());
      }
      return; // parallel: the other inner instances are still queued
    }
    bpmn.complete(instance);
  }
}
