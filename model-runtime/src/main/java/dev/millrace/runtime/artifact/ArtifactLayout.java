package dev.millrace.runtime.artifact;

import java.nio.file.Path;

/** File names inside an artifact directory (see the module README). */
public final class ArtifactLayout {

  public static final String MODEL_CARD = "model-card.json";
  public static final String MODEL_CARD_MARKDOWN = "model-card.md";
  public static final String PREPROCESSING = "preprocessing.json";
  public static final String MODEL = "model";
  public static final String HISTORY = "history.jsonl";
  public static final String CHECKPOINTS = "checkpoints";

  private ArtifactLayout() {}

  public static boolean isArtifact(Path dir) {
    return dir.resolve(MODEL_CARD).toFile().isFile()
        && dir.resolve(PREPROCESSING).toFile().isFile();
  }
}
