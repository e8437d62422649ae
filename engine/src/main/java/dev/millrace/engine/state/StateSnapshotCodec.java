package dev.millrace.engine.state;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.CorruptDataException;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.MessageStartEventSubscriptionRecord;
import dev.millrace.engine.record.value.MessageSubscriptionRecord;
import dev.millrace.engine.record.value.ProcessEventRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.ProcessRecord;
import dev.millrace.engine.record.value.SignalSubscriptionRecord;
import dev.millrace.engine.record.value.TimerRecord;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole of {@link EngineState} as bytes, for snapshots. Restoring a snapshot and replaying the
 * log after its position gives the same state as replaying everything.
 */
public final class StateSnapshotCodec {

  private static final int MAGIC = 0x4d524353; // "MRCS"
  private static final int VERSION = 1;

  private StateSnapshotCodec() {}

  public static void write(EngineState state, BinaryWriter w) {
    w.writeInt(MAGIC).writeInt(VERSION);
    w.writeLong(state.keys().peek());

    var processes = new ArrayList<>(state.processes().all());
    processes.sort(Comparator.comparingLong(ProcessDefinition::key));
    w.writeInt(processes.size());
    processes.forEach(p -> p.record().write(w));
    var deployments = state.processes().deployments();
    w.writeInt(deployments.size());
    deployments.forEach(
        (key, ids) -> {
          w.writeLong(key);
          w.writeInt(ids.size());
          ids.forEach((id, processKey) -> w.writeString(id).writeLong(processKey));
        });

    var instances = new ArrayList<>(state.elementInstances().all());
    instances.sort(Comparator.comparingLong(ElementInstance::key));
    w.writeInt(instances.size());
    for (var i : instances) {
      w.writeLong(i.key());
      i.value.write(w);
      w.writeEnum(i.state);
      w.writeInt(i.childCount).writeInt(i.activeSequenceFlows);
      w.writeInt(i.waitingFlows.size());
      i.waitingFlows.forEach((flow, count) -> w.writeString(flow).writeInt(count));
      w.writeLong(i.jobKey).writeLong(i.calledChildInstanceKey).writeInt(i.loopCounter);
      w.writeBoolean(i.interrupted);
    }

    var variables = state.variables().all();
    w.writeInt(variables.size());
    variables.forEach(
        (scope, vars) -> {
          w.writeLong(scope);
          w.writeStringMap(vars);
        });

    w.writeInt(state.jobs().size());
    for (var entry : state.jobs().allWithKeys().entrySet()) {
      w.writeLong(entry.getKey());
      entry.getValue().record().write(w);
      w.writeEnum(entry.getValue().state());
    }

    writeEntries(w, state.timers().all(), TimerRecord::write);
    writeEntries(w, state.messages().allMessages(), MessageRecord::write);
    var correlated = state.messages().correlatedProcesses();
    w.writeInt(correlated.size());
    correlated.forEach((key, ids) -> w.writeLong(key).writeStringList(List.copyOf(ids)));
    writeEntries(w, state.messages().allSubscriptions(), MessageSubscriptionRecord::write);
    var starts = new ArrayList<Map.Entry<Long, MessageStartEventSubscriptionRecord>>();
    state.messages().allStartSubscriptions().forEach(m -> starts.addAll(m.entrySet()));
    writeEntries(w, starts, MessageStartEventSubscriptionRecord::write);
    var started = state.messages().activeStartedInstances();
    w.writeInt(started.size());
    started.forEach((key, instance) -> w.writeString(key).writeLong(instance));
    writeEntries(w, state.signals().all(), SignalSubscriptionRecord::write);
    writeEntries(w, state.incidents().all(), IncidentRecord::write);
    var triggers = new ArrayList<EventTriggerState.Trigger>();
    state.eventTriggers().all().forEach(triggers::addAll);
    w.writeInt(triggers.size());
    triggers.forEach(
        t -> {
          w.writeLong(t.key());
          t.event().write(w);
        });
  }

  private interface ValueWriter<T> {
    void write(T value, BinaryWriter w);
  }

  private static <T> void writeEntries(
      BinaryWriter w, java.util.Collection<Map.Entry<Long, T>> entries, ValueWriter<T> writer) {
    var sorted = new ArrayList<>(entries);
    sorted.sort(Map.Entry.comparingByKey());
    w.writeInt(sorted.size());
    for (var entry : sorted) {
      w.writeLong(entry.getKey());
      writer.write(entry.getValue(), w);
    }
  }

  /** Fills an empty state from snapshot bytes. */
  public static void read(BinaryReader r, EngineState state) {
    if (r.readInt() != MAGIC) {
      throw new CorruptDataException("not a Millrace state snapshot");
    }
    int version = r.readInt();
    if (version != VERSION) {
      throw new CorruptDataException("unknown snapshot format version " + version);
    }
    state.keys().restore(r.readLong());

    int processes = r.readInt();
    for (int i = 0; i < processes; i++) {
      state.processes().put(ProcessRecord.read(r));
    }
    int deployments = r.readInt();
    for (int i = 0; i < deployments; i++) {
      long key = r.readLong();
      int n = r.readInt();
      Map<String, Long> ids = new LinkedHashMap<>();
      for (int j = 0; j < n; j++) {
        ids.put(r.readString(), r.readLong());
      }
      state.processes().putDeployment(key, ids);
    }

    int instances = r.readInt();
    for (int i = 0; i < instances; i++) {
      long key = r.readLong();
      var value = ProcessInstanceRecord.read(r);
      var instance = new ElementInstance(key, value, r.readEnum(ProcessInstanceIntent.values()));
      instance.childCount = r.readInt();
      instance.activeSequenceFlows = r.readInt();
      int waiting = r.readInt();
      for (int j = 0; j < waiting; j++) {
        instance.waitingFlows.put(r.readString(), r.readInt());
      }
      instance.jobKey = r.readLong();
      instance.calledChildInstanceKey = r.readLong();
      instance.loopCounter = r.readInt();
      instance.interrupted = r.readBoolean();
      state.elementInstances().put(instance);
    }

    int scopes = r.readInt();
    for (int i = 0; i < scopes; i++) {
      long scope = r.readLong();
      r.readStringMap().forEach((name, value) -> state.variables().set(scope, name, value));
    }

    int jobs = r.readInt();
    for (int i = 0; i < jobs; i++) {
      long key = r.readLong();
      var record = JobRecord.read(r);
      state.jobs().put(key, record, r.readEnum(JobState.State.values()));
    }

    readEntries(r, TimerRecord::read, (k, v) -> state.timers().put(k, v));
    readEntries(r, MessageRecord::read, (k, v) -> state.messages().putMessage(k, v));
    int correlated = r.readInt();
    for (int i = 0; i < correlated; i++) {
      long key = r.readLong();
      r.readStringList().forEach(id -> state.messages().markCorrelated(key, id));
    }
    readEntries(
        r, MessageSubscriptionRecord::read, (k, v) -> state.messages().putSubscription(k, v));
    readEntries(
        r,
        MessageStartEventSubscriptionRecord::read,
        (k, v) -> state.messages().putStartSubscription(k, v));
    int started = r.readInt();
    for (int i = 0; i < started; i++) {
      String composite = r.readString();
      long instance = r.readLong();
      int sep = composite.indexOf('\u0000');
      state
          .messages()
          .startedByMessage(composite.substring(0, sep), composite.substring(sep + 1), instance);
    }
    readEntries(r, SignalSubscriptionRecord::read, (k, v) -> state.signals().put(k, v));
    readEntries(r, IncidentRecord::read, (k, v) -> state.incidents().put(k, v));
    int triggers = r.readInt();
    for (int i = 0; i < triggers; i++) {
      long key = r.readLong();
      state.eventTriggers().add(key, ProcessEventRecord.read(r));
    }
  }

  private interface EntrySink<T> {
    void put(long key, T value);
  }

  private static <T> void readEntries(
      BinaryReader r, java.util.function.Function<BinaryReader, T> reader, EntrySink<T> sink) {
    int n = r.readInt();
    for (int i = 0; i < n; i++) {
      long key = r.readLong();
      sink.put(key, reader.apply(r));
    }
  }
}
