package dev.millrace.engine.processing.bpmn;

import dev.millrace.engine.bpmn.model.Definitions.BindingType;
import dev.millrace.engine.bpmn.model.ExecutableFlowNode;
import dev.millrace.engine.record.ErrorType;
import dev.millrace.engine.state.ElementInstance;
import dev.millrace.engine.state.ProcessDefinition;
import java.util.Map;

/** Call activities: start the called process, wait, take its variables back. */
final class CallActivityHandler implements ElementHandler {

  private final BpmnProcessing bpmn;

  CallActivityHandler(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void onActivating(ExecutableFlowNode element, ElementInstance instance) {
    var called = element.calledElement();
    var processId =
        bpmn.expressions.evaluateString(called.processId(), bpmn.variables.lookup(instance.key()));
    if (!processId.isSuccess()) {
      bpmn.incidents.raise(instance, ErrorType.EXTRACT_VALUE_ERROR, processId.failureMessage());
      return;
    }
    var processes = bpmn.ctx.state().processes();
    ProcessDefinition definition =
        switch (called.bindingType()) {
          case LATEST -> processes.latest(processId.value());
          case VERSION_TAG ->
              processes.latestWithVersionTag(processId.value(), called.versionTag());
          case DEPLOYMENT -> {
            var own = processes.byKey(instance.value().processDefinitionKey());
            yield processes.inDeployment(processId.value(), own.record().deploymentKey());
          }
        };
    if (definition == null) {
      String message =
          called.bindingType() == BindingType.VERSION_TAG
              ? "Expected to call process with BPMN process id '"
                  + processId.value()
                  + "' and version tag '"
                  + called.versionTag()
                  + "', but no such process is deployed."
              : called.bindingType() == BindingType.DEPLOYMENT
                  ? "Expected to call process with BPMN process id '"
                      + processId.value()
                      + "' from the same deployment as the calling process, but it is not part of it."
                  : "Expected process with BPMN process id '"
                      + processId.value()
                      + "' to be deployed, but not found.";
      bpmn.incidents.raise(instance, ErrorType.CALLED_ELEMENT_ERROR, message);
      return;
    }
    if (definition.executable().root().noneStartEvent() == null) {
      bpmn.incidents.raise(
          instance,
          ErrorType.CALLED_ELEMENT_ERROR,
          "Expected process with BPMN process id '"
              + processId.value()
              + "' to have a none start event, but not found.");
      return;
    }
    if (!TaskHandlers.openBoundaries(bpmn, element, instance)) {
      return;
    }
    bpmn.markActivated(instance);
    Map<String, Object> variables =
        called.propagateAllParentVariables()
            ? bpmn.variables.collect(instance.key(), null)
            : bpmn.variables.localValues(instance.key());
    bpmn.starter.start(definition, variables, null, null, instance);
    TaskHandlers.afterSubscribed(bpmn, instance);
  }

  @Override
  public void onTerminating(ExecutableFlowNode element, ElementInstance instance) {
    long child = instance.calledChildInstanceKey();
    if (child >= 0) {
      var childInstance = bpmn.instance(child);
      if (childInstance != null && childInstance.isLive()) {
        bpmn.terminate(childInstance);
      }
    }
  }

  /** The called process completed: its variables come back, then the call activity completes. */
  static void childCompleted(
      BpmnProcessing bpmn, ElementInstance caller, Map<String, Object> childVariables) {
    var element = bpmn.elementOf(caller);
    var called = element.calledElement();
    if (!element.outputMappings().isEmpty()) {
      // With output mappings only what they map leaves the call activity; they read the child's
      // variables from the call activity's own scope (Zeebe: call-activities, variable mappings).
      bpmn.variables.setLocal(caller, childVariables);
    } else if (called.propagateAllChildVariables()) {
      bpmn.variables.propagate(caller.key(), childVariables, caller);
    }
    bpmn.complete(caller);
  }
}
