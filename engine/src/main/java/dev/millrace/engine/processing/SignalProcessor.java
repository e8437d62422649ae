package dev.millrace.engine.processing;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.processing.bpmn.BpmnProcessing;
import dev.millrace.engine.record.SignalIntent;
import dev.millrace.engine.record.value.SignalRecord;
import java.util.Map;

/** BroadcastSignal. */
final class SignalProcessor implements CommandProcessor {

  private final BpmnProcessing bpmn;

  SignalProcessor(BpmnProcessing bpmn) {
    this.bpmn = bpmn;
  }

  @Override
  public void process(dev.millrace.engine.record.Record command, ProcessingContext ctx) {
    var signal = (SignalRecord) command.value();
    if (signal.signalName().isBlank()) {
      Rejections.invalidArgument(
          ctx, command, "Expected to broadcast a signal with a name, but it was empty");
      return;
    }
    Map<String, Object> variables;
    try {
      variables = JsonValues.parseObject(signal.variables());
    } catch (IllegalArgumentException e) {
      Rejections.invalidArgument(
          ctx,
          command,
          "Expected to set variables from document, but the document is invalid: "
              + e.getMessage());
      return;
    }
    long key = bpmn.signals().broadcast(signal.signalName(), variables, signal.tenantId());
    ctx.respond(
        new dev.millrace.engine.record.Record(
            -1,
            -1,
            key,
            ctx.timestamp(),
            dev.millrace.engine.record.RecordType.EVENT,
            dev.millrace.engine.record.ValueType.SIGNAL,
            SignalIntent.BROADCASTED,
            null,
            null,
            signal));
  }
}
