package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;

/** A scheduled trigger of a timer event (start, catch or boundary). */
public record TimerRecord(
    long elementInstanceKey,
    long processInstanceKey,
    long processDefinitionKey,
    long dueDate,
    String targetElementId,
    int repetitions,
    String cycle,
    boolean interrupting,
    String tenantId)
    implements RecordValue {

  public TimerRecord {
    targetElementId = targetElementId == null ? "" : targetElementId;
    cycle = cycle == null ? "" : cycle;
    tenantId = tenantId == null ? "" : tenantId;
  }

  /** Every field empty: strings "", keys and numbers -1, lists empty. */
  public static TimerRecord empty() {
    return new TimerRecord(-1L, -1L, -1L, -1L, "", -1, "", false, "");
  }

  public TimerRecord withElementInstanceKey(long newValue) {
    return new TimerRecord(
        newValue,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        targetElementId,
        repetitions,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withProcessInstanceKey(long newValue) {
    return new TimerRecord(
        elementInstanceKey,
        newValue,
        processDefinitionKey,
        dueDate,
        targetElementId,
        repetitions,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withProcessDefinitionKey(long newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        newValue,
        dueDate,
        targetElementId,
        repetitions,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withDueDate(long newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        newValue,
        targetElementId,
        repetitions,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withTargetElementId(String newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        newValue,
        repetitions,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withRepetitions(int newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        targetElementId,
        newValue,
        cycle,
        interrupting,
        tenantId);
  }

  public TimerRecord withCycle(String newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        targetElementId,
        repetitions,
        newValue,
        interrupting,
        tenantId);
  }

  public TimerRecord withInterrupting(boolean newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        targetElementId,
        repetitions,
        cycle,
        newValue,
        tenantId);
  }

  public TimerRecord withTenantId(String newValue) {
    return new TimerRecord(
        elementInstanceKey,
        processInstanceKey,
        processDefinitionKey,
        dueDate,
        targetElementId,
        repetitions,
        cycle,
        interrupting,
        newValue);
  }

  @Override
  public void write(BinaryWriter w) {
    w.writeLong(elementInstanceKey);
    w.writeLong(processInstanceKey);
    w.writeLong(processDefinitionKey);
    w.writeLong(dueDate);
    w.writeString(targetElementId);
    w.writeInt(repetitions);
    w.writeString(cycle);
    w.writeBoolean(interrupting);
    w.writeString(tenantId);
  }

  public static TimerRecord read(BinaryReader r) {
    return new TimerRecord(
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readLong(),
        r.readString(),
        r.readInt(),
        r.readString(),
        r.readBoolean(),
        r.readString());
  }
}
