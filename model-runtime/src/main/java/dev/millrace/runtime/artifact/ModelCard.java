package dev.millrace.runtime.artifact;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.catalog.ModelFamily;
import dev.millrace.runtime.data.Task;
import dev.millrace.runtime.evaluation.Evaluation;
import java.util.ArrayList;
import java.util.List;

/**
 * What a trained model is, how it was made and how well it does: stored as {@code model-card.json}
 * (and rendered as {@code model-card.md}) in the artifact.
 *
 * @param data fingerprints of the data this model and its ancestors learned from, newest first
 * @param parent the artifact this one was fine-tuned from, or null
 */
public record ModelCard(
    String artifactId,
    String catalogEntry,
    String entryVersion,
    ModelFamily family,
    Task task,
    String createdAt,
    long seed,
    JsonNode hyperparameters,
    String device,
    List<String> inputs,
    List<String> labels,
    Evaluation evaluation,
    Training training,
    List<DataFingerprint> data,
    Parent parent) {

  /** How training went. */
  public record Training(
      int epochsRun,
      int bestEpoch,
      boolean stoppedEarly,
      boolean resumed,
      long trainRows,
      long validationRows,
      long testRows,
      double seconds,
      int frozenLayers,
      boolean newHead) {}

  /** This model's data first, then its ancestors' (roles prefixed with "parent "). */
  public static List<DataFingerprint> lineage(DataFingerprint current, ModelCard parent) {
    List<DataFingerprint> fingerprints = new ArrayList<>();
    fingerprints.add(current);
    if (parent != null) {
      for (DataFingerprint ancestor : parent.data()) {
        String role =
            ancestor.role().startsWith("parent ") ? ancestor.role() : "parent " + ancestor.role();
        fingerprints.add(
            new DataFingerprint(
                ancestor.file(), ancestor.sha256(), ancestor.bytes(), ancestor.rows(), role));
      }
    }
    return List.copyOf(fingerprints);
  }

  /** One data file, by content. */
  public record DataFingerprint(String file, String sha256, long bytes, long rows, String role) {}

  /** The artifact a fine-tuned model started from. */
  public record Parent(String artifactId, String path, String catalogEntry) {}
}
