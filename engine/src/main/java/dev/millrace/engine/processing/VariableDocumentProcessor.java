package dev.millrace.engine.processing;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.VariableDocumentIntent;
import dev.millrace.engine.record.VariableUpdateSemantics;
import dev.millrace.engine.record.value.VariableDocumentRecord;
import java.util.Map;

/** SetVariables: LOCAL on the given scope, or PROPAGATE upwards from it. */
final class VariableDocumentProcessor implements CommandProcessor {

  private final BpmnProcessing bpmn;

  VariableDocumentProcessor(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void process(dev.millrace.engine.record.Record command, ProcessingContext ctx) {
    var document = (VariableDocumentRecord) command.value();
    var scope = ctx.state().elementInstances().get(document.scopeKey());
    if (scope == null || !scope.isLive()) {
      Rejections.notFound(
          ctx,
          command,
          "Expected to update variables for element with key '"
              + document.scopeKey()
              + "', but no such element was found");
      return;
    }
    Map<String, Object> values;
    try {
      values = JsonValues.parseObject(document.variables());
    } catch (IllegalArgumentException e) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected to set variables from document, but the document is invalid: "
              + e.getMessage());
      return;
    }
    long key = ctx.newKey();
    var updated = ctx.event(key, VariableDocumentIntent.UPDATED, document);
    if (document.updateSemantics() == VariableUpdateSemantics.LOCAL) {
      bpmn.variables().setLocal(scope, values);
    } else {
      bpmn.variables().propagate(scope.key(), values, scope);
    }
    ctx.respond(updated);
  }
}
