package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A broadcast signal. */
public record SignalRecord(String signalName, String variables, String tenantId)
    implements RecordValue {

  public SignalRecord {
    signalName = signalName == null ? "" : signalName;
    variables = variables == null ? "" : variables;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static SignalRecord empty() {
    return new SignalRecord("", "", "");
  }

  public SignalRecord withSignalName(String newValue) {
    return new SignalRecord(newValue, variables, tenantId);
  }

  public SignalRecord withVariables(String newValue) {
    return new SignalRecord(signalName, newValue, tenantId);
  }

  public SignalRecord withTenantId(String newValue) {
    return new SignalRecord(signalName, variables, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeString(signalName);
    w.writeString(variables);
    w.writeString(tenantId);
  }

  public static SignalRecord read(BinaryReader r) {
    return new SignalRecord(r.readString(), r.readString(), r.readString());
  }
}
