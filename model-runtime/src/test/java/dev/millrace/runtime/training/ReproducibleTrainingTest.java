package dev.millrace.runtime.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Seeds, checkpoints, resume and cancellation. */
class ReproducibleTrainingTest {

  @TempDir Path dir;

  private TrainingRequest request(String name) {
    return TrainingRequest.of(
            "tabular-classifier", TestData.sample("wine.csv"), "cultivar", dir.resolve(name))
        .withEpochs(8)
        .withHyperparameters(Map.of("earlyStoppingPatience", 0, "dropout", 0.2));
  }

  private static byte[] weights(ModelArtifact artifact) throws IOException {
    return Files.readAllBytes(artifact.directory().resolve("model/model-0000.params"));
  }

  @Test
  void sameSeedSameModelOtherSeedOtherModel() throws IOException {
    ModelArtifact a = ModelTrainer.train(request("a"), TrainingListener.NONE, null);
    ModelArtifact b = ModelTrainer.train(request("b"), TrainingListener.NONE, null);
    ModelArtifact c = ModelTrainer.train(request("c").withSeed(7), TrainingListener.NONE, null);
    assertThat(weights(b)).isEqualTo(weights(a));
    assertThat(b.card().evaluation().metrics()).isEqualTo(a.card().evaluation().metrics());
    assertThat(weights(c)).isNotEqualTo(weights(a));
  }

  @Test
  void cancelledRunResumesFromItsCheckpointToTheSameModel() throws IOException {
    ModelArtifact straight = ModelTrainer.train(request("straight"), TrainingListener.NONE, null);

    Cancellation cancellation = new Cancellation();
    List<TrainingEvent> events = new ArrayList<>();
    TrainingListener cancelAfterThird =
        event -> {
          events.add(event);
          if (event instanceof TrainingEvent.Checkpoint checkpoint && checkpoint.epoch() == 3) {
            cancellation.cancel();
          }
        };
    TrainingCancelledException cancelled =
        catchThrowableOfType(
            TrainingCancelledException.class,
            () -> ModelTrainer.train(request("resumed"), cancelAfterThird, cancellation));
    // Checkpoints are written while the next epoch trains: epoch 4 may finish before the cancel.
    int saved = cancelled.lastCheckpointEpoch();
    assertThat(saved).isBetween(3, 4);
    assertThat(events.get(events.size() - 1)).isEqualTo(new TrainingEvent.Cancelled(saved));
    assertThat(dir.resolve("resumed/checkpoints/" + Checkpoints.fileName(saved))).exists();
    assertThat(Files.exists(dir.resolve("resumed/model-card.json"))).isFalse();

    List<TrainingEvent> resumedEvents = new ArrayList<>();
    ModelArtifact resumed =
        ModelTrainer.train(request("resumed").withResume(true), resumedEvents::add, null);
    assertThat(((TrainingEvent.Started) resumedEvents.get(0)).startEpoch()).isEqualTo(saved + 1);
    assertThat(resumed.card().training().resumed()).isTrue();
    assertThat(weights(resumed)).isEqualTo(weights(straight));
    assertThat(Files.readAllLines(dir.resolve("resumed/history.jsonl"))).hasSize(8);
  }

  @Test
  void resumeRefusesACheckpointOfOtherData() {
    Cancellation cancellation = new Cancellation();
    TrainingListener cancelAtOnce =
        event -> {
          if (event instanceof TrainingEvent.Checkpoint) {
            cancellation.cancel();
          }
        };
    assertThatThrownBy(() -> ModelTrainer.train(request("mixed"), cancelAtOnce, cancellation))
        .isInstanceOf(TrainingCancelledException.class);
    TrainingRequest otherData =
        new TrainingRequest(
            "tabular-classifier",
            TestData.sample("iris.csv"),
            "species",
            Map.of(),
            42,
            8,
            dir.resolve("mixed"),
            "cpu",
            true,
            null);
    assertThatThrownBy(() -> ModelTrainer.train(otherData, TrainingListener.NONE, null))
        .hasMessageContaining("other data");
  }

  @Test
  void earlyStoppingKeepsTheBestEpoch() {
    List<TrainingEvent> events = new ArrayList<>();
    ModelArtifact artifact =
        ModelTrainer.train(
            TrainingRequest.of(
                    "tabular-classifier",
                    TestData.sample("iris.csv"),
                    "species",
                    dir.resolve("early"))
                .withEpochs(300)
                .withHyperparameters(Map.of("earlyStoppingPatience", 5, "learningRate", 0.05)),
            events::add,
            null);
    TrainingEvent.EarlyStopped stop =
        events.stream()
            .filter(TrainingEvent.EarlyStopped.class::isInstance)
            .map(TrainingEvent.EarlyStopped.class::cast)
            .findFirst()
            .orElseThrow();
    assertThat(stop.epoch()).isLessThan(300).isEqualTo(stop.bestEpoch() + 5);
    assertThat(artifact.card().training().bestEpoch()).isEqualTo(stop.bestEpoch());
    assertThat(artifact.card().training().stoppedEarly()).isTrue();
    assertThat(events.get(events.size() - 1)).isInstanceOf(TrainingEvent.Finished.class);
  }
}
