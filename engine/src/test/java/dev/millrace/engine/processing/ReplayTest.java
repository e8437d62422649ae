package dev.millrace.engine.processing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.engine.record.BinaryReader;
import dev.millrace.engine.record.BinaryWriter;
import dev.millrace.engine.record.RecordCodec;
import dev.millrace.engine.state.StateSnapshotCodec;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** State rebuilt from the records alone (replay) or from a snapshot equals the live state. */
class ReplayTest {

  private final TestEngine engine = new TestEngine();

  private void runMixedHistory() {
    engine.deploy(
        Bpmn.createExecutableProcess("mixed")
            .startEvent()
            .parallelGateway("fork")
            .serviceTask("job", t -> t.zeebeJobType("mixed"))
            .parallelGateway("join")
            .endEvent()
            .moveToNode("fork")
            .intermediateCatchEvent(
                "msg", e -> e.message(m -> m.name("go").zeebeCorrelationKeyExpression("k")))
            .connectTo("join")
            .moveToNode("fork")
            .intermediateCatchEvent("timer", e -> e.timerWithDuration("PT1H"))
            .connectTo("join")
            .done());
    for (int i = 0; i < 5; i++) {
      engine.createInstance("mixed", "{\"k\":\"k" + i + "\",\"i\":" + i + "}");
    }
    engine.publish("go", "k1", 0, "{\"m\":1}");
    engine.publish("go", "k9", 600_000, "{}");
    engine.complete(engine.activate("mixed", 1).getFirst().key(), "{\"done\":true}");
    engine.fail(engine.activate("mixed", 1).getFirst().key(), 0, "broken", 0);
  }

  private static byte[] snapshot(EngineProcessor processor) {
    var w = new BinaryWriter();
    StateSnapshotCodec.write(processor.state(), w);
    return w.toByteArray();
  }

  @Test
  void replayingTheLogRebuildsTheSameState() {
    runMixedHistory();
    var replayed = new EngineProcessor(engine.clock, new JobStreams(), k -> {});
    // Through the binary codec, as recovery reads them.
    var w = new BinaryWriter();
    RecordCodec.writeBatch(engine.records(), w);
    for (var record : RecordCodec.readBatch(w.toByteArray())) {
      replayed.replay(record);
    }
    replayed.finishReplay();

    assertThat(snapshot(replayed)).isEqualTo(snapshot(engine.processor));
    assertThat(replayed.state().keys().peek()).isEqualTo(engine.processor.state().keys().peek());
  }

  @Test
  void restoredSnapshotContinuesLikeTheOriginal() {
    runMixedHistory();
    var restored = new EngineProcessor(engine.clock, new JobStreams(), k -> {});
    StateSnapshotCodec.read(new BinaryReader(snapshot(engine.processor)), restored.state());

    assertThat(snapshot(restored)).isEqualTo(snapshot(engine.processor));
    assertThat(restored.state().jobs().size()).isEqualTo(engine.processor.state().jobs().size());
    assertThat(restored.state().timers().all())
        .hasSameSizeAs(engine.processor.state().timers().all());
    assertThat(new ArrayList<>(restored.state().messages().allMessages())).hasSize(1);
  }

  @Test
  void timersDueDuringDowntimeFireAfterRestore() {
    runMixedHistory();
    var restored = new EngineProcessor(engine.clock, new JobStreams(), k -> {});
    StateSnapshotCodec.read(new BinaryReader(snapshot(engine.processor)), restored.state());
    engine.clock.advance(Duration.ofHours(2));
    assertThat(restored.dueCommands(engine.clock.millis(), 100)).hasSizeGreaterThanOrEqualTo(5);
  }
}
