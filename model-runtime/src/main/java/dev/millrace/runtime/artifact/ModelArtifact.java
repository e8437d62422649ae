package dev.millrace.runtime.artifact;

import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.training.Learners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A saved model directory: model card, preprocessing and weights (layout in the README). */
public final class ModelArtifact {

  private final Path directory;
  private final ModelCard card;
  private final Preprocessing preprocessing;

  private ModelArtifact(Path directory, ModelCard card, Preprocessing preprocessing) {
    this.directory = directory;
    this.card = card;
    this.preprocessing = preprocessing;
  }

  public static ModelArtifact load(Path directory) {
    if (!ArtifactLayout.isArtifact(directory)) {
      throw new ModelRuntimeException(
          directory + " is not a model artifact (no " + ArtifactLayout.MODEL_CARD + ")");
    }
    try {
      ModelCard card =
          Json.MAPPER.readValue(
              directory.resolve(ArtifactLayout.MODEL_CARD).toFile(), ModelCard.class);
      Preprocessing preprocessing =
          Json.MAPPER.readValue(
              directory.resolve(ArtifactLayout.PREPROCESSING).toFile(), Preprocessing.class);
      return new ModelArtifact(directory, card, preprocessing);
    } catch (IOException e) {
      throw new ModelRuntimeException(
          "cannot read the artifact in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Writes card (JSON and Markdown) and preprocessing; the weights are already in model/. */
  public static ModelArtifact write(Path directory, ModelCard card, Preprocessing preprocessing) {
    try {
      Files.createDirectories(directory);
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(directory.resolve(ArtifactLayout.PREPROCESSING).toFile(), preprocessing);
      Json.MAPPER
          .writerWithDefaultPrettyPrinter()
          .writeValue(directory.resolve(ArtifactLayout.MODEL_CARD).toFile(), card);
      Files.writeString(
          directory.resolve(ArtifactLayout.MODEL_CARD_MARKDOWN), ModelCardMarkdown.render(card));
      return new ModelArtifact(directory, card, preprocessing);
    } catch (IOException e) {
      throw new ModelRuntimeException("cannot write the artifact to " + directory, e);
    }
  }

  public Path directory() {
    return directory;
  }

  public ModelCard card() {
    return card;
  }

  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** Loads the weights; "auto" uses a GPU when present. Close the predictor when done. */
  public ModelPredictor newPredictor(String device) {
    return new ModelPredictor(this, Learners.load(directory, card, preprocessing, device));
  }
}
