package dev.millrace.engine.record;

/**
 * What a record says happened (an event) or is asked for (a command); one enum per value type.
 * Ordinals are stored in the log and snapshots: add new constants at the end only.
 */
public sealed interface Intent
    permits DeploymentIntent,
        ProcessIntent,
        ProcessInstanceIntent,
        ProcessInstanceCreationIntent,
        JobIntent,
        JobBatchIntent,
        VariableIntent,
        VariableDocumentIntent,
        IncidentIntent,
        TimerIntent,
        MessageIntent,
        MessageSubscriptionIntent,
        MessageStartEventSubscriptionIntent,
        SignalIntent,
        SignalSubscriptionIntent,
        ProcessEventIntent {

  String name();

  int ordinal();

  boolean isEvent();

  static Intent of(ValueType valueType, int ordinal) {
    Intent[] values =
        switch (valueType) {
          case DEPLOYMENT -> DeploymentIntent.values();
          case PROCESS -> ProcessIntent.values();
          case PROCESS_INSTANCE -> ProcessInstanceIntent.values();
          case PROCESS_INSTANCE_CREATION -> ProcessInstanceCreationIntent.values();
          case JOB -> JobIntent.values();
          case JOB_BATCH -> JobBatchIntent.values();
          case VARIABLE -> VariableIntent.values();
          case VARIABLE_DOCUMENT -> VariableDocumentIntent.values();
          case INCIDENT -> IncidentIntent.values();
          case TIMER -> TimerIntent.values();
          case MESSAGE -> MessageIntent.values();
          case MESSAGE_SUBSCRIPTION -> MessageSubscriptionIntent.values();
          case MESSAGE_START_EVENT_SUBSCRIPTION -> MessageStartEventSubscriptionIntent.values();
          case SIGNAL -> SignalIntent.values();
          case SIGNAL_SUBSCRIPTION -> SignalSubscriptionIntent.values();
          case PROCESS_EVENT -> ProcessEventIntent.values();
        };
    if (ordinal < 0 || ordinal >= values.length) {
      throw new CorruptDataException("unknown intent " + ordinal + " for " + valueType);
    }
    return values[ordinal];
  }
}
