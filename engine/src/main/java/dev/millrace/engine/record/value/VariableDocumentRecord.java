package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.VariableUpdateSemantics;

/** A SetVariables request: a JSON object applied to a scope. */
public record VariableDocumentRecord(
    long scopeKey, VariableUpdateSemantics updateSemantics, String variables, String tenantId)
    implements RecordValue {

  public VariableDocumentRecord {
    updateSemantics = updateSemantics == null ? VariableUpdateSemantics.PROPAGATE : updateSemantics;
    variables = variables == null ? "" : variables;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static VariableDocumentRecord empty() {
    return new VariableDocumentRecord(-1L, VariableUpdateSemantics.PROPAGATE, "", "");
  }

  public VariableDocumentRecord withScopeKey(long newValue) {
    return new VariableDocumentRecord(newValue, updateSemantics, variables, tenantId);
  }

  public VariableDocumentRecord withUpdateSemantics(VariableUpdateSemantics newValue) {
    return new VariableDocumentRecord(scopeKey, newValue, variables, tenantId);
  }

  public VariableDocumentRecord withVariables(String newValue) {
    return new VariableDocumentRecord(scopeKey, updateSemantics, newValue, tenantId);
  }

  public VariableDocumentRecord withTenantId(String newValue) {
    return new VariableDocumentRecord(scopeKey, updateSemantics, variables, newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeLong(scopeKey);
    w.writeEnum(updateSemantics);
    w.writeString(variables);
    w.writeString(tenantId);
  }

  public static VariableDocumentRecord read(BinaryReader r) {
    return new VariableDocumentRecord(
        r.readLong(), r.readEnum(VariableUpdateSemantics.values()), r.readString(), r.readString());
  }
}
