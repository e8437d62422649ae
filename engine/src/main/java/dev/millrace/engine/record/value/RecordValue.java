package dev.millrace.engine.record.value;

import dev.millrace.engine.record.BinaryWriter;

/** The typed payload of a record; each knows its own binary form. */
public sealed interface RecordValue
    permits DeploymentRecord,
        ProcessRecord,
        ProcessInstanceRecord,
        ProcessInstanceCreationRecord,
        JobRecord,
        JobBatchRecord,
        VariableRecord,
        VariableDocumentRecord,
        IncidentRecord,
        TimerRecord,
        MessageRecord,
        MessageSubscriptionRecord,
        MessageStartEventSubscriptionRecord,
        SignalRecord,
        SignalSubscriptionRecord,
        ProcessEventRecord {

  void write(BinaryWriter writer);
}
