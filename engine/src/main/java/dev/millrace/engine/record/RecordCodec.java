package dev.millrace.engine.record;

import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.JobBatchRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.MessageStartEventSubscriptionRecord;
import dev.millrace.engine.record.value.MessageSubscriptionRecord;
import dev.millrace.engine.record.value.ProcessEventRecord;
import dev.millrace.engine.record.value.ProcessInstanceCreationRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.ProcessRecord;
import dev.millrace.engine.record.value.RecordValue;
import dev.millrace.engine.record.value.SignalRecord;
import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import dev.millrace.engine.record.value.TimerRecord;
import dev.millrace.engine.record.value.VariableDocumentRecord;
import dev.millrace.engine.record.value.VariableRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of records in the log: a batch is a format byte, a record count, and the records,
 * each a small header followed by its value. Positions are stored so a batch can be checked against
 * the log entry that holds it.
 */
public final class RecordCodec {

  private static final int FORMAT_VERSION = 1;

  private RecordCodec() {}

  public static void writeBatch(List<Record> records, BinaryWriter w) {
    w.writeByte(FORMAT_VERSION);
    w.writeInt(records.size());
    for (Record record : records) {
      write(record, w);
    }
  }

  public static List<Record> readBatch(byte[] bytes) {
    var r = new BinaryReader(bytes);
    int format = r.readByte();
    if (format != FORMAT_VERSION) {
      throw new CorruptDataException("unknown record batch format " + format);
    }
    int count = r.readInt();
    var records = new ArrayList<Record>(count);
    for (int i = 0; i < count; i++) {
      records.add(read(r));
    }
    return records;
  }

  public static void write(Record record, BinaryWriter w) {
    w.writeLong(record.position());
    w.writeLong(record.sourcePosition());
    w.writeLong(record.key());
    w.writeLong(record.timestamp());
    w.writeByte(record.recordType().ordinal());
    w.writeByte(record.valueType().ordinal());
    w.writeByte(record.intent().ordinal());
    if (record.recordType() == RecordType.COMMAND_REJECTION) {
      w.writeEnum(record.rejectionType());
      w.writeString(record.rejectionReason());
    }
    record.value().write(w);
  }

  public static Record read(BinaryReader r) {
    long position = r.readLong();
    long sourcePosition = r.readLong();
    long key = r.readLong();
    long timestamp = r.readLong();
    RecordType recordType = enumAt(RecordType.values(), r.readByte(), "record type");
    ValueType valueType = enumAt(ValueType.values(), r.readByte(), "value type");
    Intent intent = Intent.of(valueType, r.readByte());
    RejectionType rejectionType = null;
    String rejectionReason = null;
    if (recordType == RecordType.COMMAND_REJECTION) {
      rejectionType = r.readEnum(RejectionType.values());
      rejectionReason = r.readString();
    }
    RecordValue value = readValue(valueType, r);
    return new Record(
        position,
        sourcePosition,
        key,
        timestamp,
        recordType,
        valueType,
        intent,
        rejectionType,
        rejectionReason,
        value);
  }

  private static <E> E enumAt(E[] values, int ordinal, String what) {
    if (ordinal < 0 || ordinal >= values.length) {
      throw new CorruptDataException("unknown " + what + " " + ordinal);
    }
    return values[ordinal];
  }

  private static RecordValue readValue(ValueType type, BinaryReader r) {
    return switch (type) {
      case DEPLOYMENT -> DeploymentRecord.read(r);
      case PROCESS -> ProcessRecord.read(r);
      case PROCESS_INSTANCE -> ProcessInstanceRecord.read(r);
      case PROCESS_INSTANCE_CREATION -> ProcessInstanceCreationRecord.read(r);
      case JOB -> JobRecord.read(r);
      case JOB_BATCH -> JobBatchRecord.read(r);
      case VARIABLE -> VariableRecord.read(r);
      case VARIABLE_DOCUMENT -> VariableDocumentRecord.read(r);
      case INCIDENT -> IncidentRecord.read(r);
      case TIMER -> TimerRecord.read(r);
      case MESSAGE -> MessageRecord.read(r);
      case MESSAGE_SUBSCRIPTION -> MessageSubscriptionRecord.read(r);
      case MESSAGE_START_EVENT_SUBSCRIPTION -> MessageStartEventSubscriptionRecord.read(r);
      case SIGNAL -> SignalRecord.read(r);
      case SIGNAL_SUBSCRIPTION -> SignalSubscriptionRecord.read(r);
      case PROCESS_EVENT -> ProcessEventRecord.read(r);
    };
  }

  /** The value type a value belongs to, so writers need not say it twice. */
  public static ValueType valueTypeOf(RecordValue value) {
    return switch (value) {
      case DeploymentRecord v -> ValueType.DEPLOYMENT;
      case ProcessRecord v -> ValueType.PROCESS;
      case ProcessInstanceRecord v -> ValueType.PROCESS_INSTANCE;
      case ProcessInstanceCreationRecord v -> ValueType.PROCESS_INSTANCE_CREATION;
      case JobRecord v -> ValueType.JOB;
      case JobBatchRecord v -> ValueType.JOB_BATCH;
      case VariableRecord v -> ValueType.VARIABLE;
      case VariableDocumentRecord v -> ValueType.VARIABLE_DOCUMENT;
      case IncidentRecord v -> ValueType.INCIDENT;
      case TimerRecord v -> ValueType.TIMER;
      case MessageRecord v -> ValueType.MESSAGE;
      case MessageSubscriptionRecord v -> ValueType.MESSAGE_SUBSCRIPTION;
      case MessageStartEventSubscriptionRecord v -> ValueType.MESSAGE_START_EVENT_SUBSCRIPTION;
      case SignalRecord v -> ValueType.SIGNAL;
      case SignalSubscriptionRecord v -> ValueType.SIGNAL_SUBSCRIPTION;
      case ProcessEventRecord v -> ValueType.PROCESS_EVENT;
    };
  }
}
