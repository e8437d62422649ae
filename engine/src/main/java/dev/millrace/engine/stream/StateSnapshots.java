package dev.millrace.engine.stream;

import dev.millrace.engine.processing.EngineProcessor;
import dev.millrace.engine.processing.ProcessingContext.InternalCommand;
import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.state.StateSnapshotCodec;
import java.util.ArrayList;

/** Snapshot bytes: the state, then the follow-up commands still waiting to be processed. */
final class StateSnapshots {

  private StateSnapshots() {}

  static byte[] capture(EngineProcessor engine) {
    var w = new BinaryWriter(1 << 16);
    StateSnapshotCodec.write(engine.state(), w);
    var pending = engine.pendingCommands();
    w.writeInt(pending.size());
    for (var command : pending) {
      w.writeLong(command.key());
      w.writeInt(command.intent().ordinal());
      ((ProcessInstanceRecord) command.value()).write(w);
      w.writeLong(command.sourcePosition());
    }
    return w.toByteArray();
  }

  static void restore(byte[] bytes, EngineProcessor engine) {
    var r = new BinaryReader(bytes);
    StateSnapshotCodec.read(r, engine.state());
    int n = r.readInt();
    var pending = new ArrayList<InternalCommand>(n);
    for (int i = 0; i < n; i++) {
      long key = r.readLong();
      var intent = ProcessInstanceIntent.values()[r.readInt()];
      var value = ProcessInstanceRecord.read(r);
      pending.add(new InternalCommand(key, intent, value, r.readLong()));
    }
    engine.restorePending(pending);
  }
}
