package dev.millrace.runtime.artifact;

import java.util.Locale;
import java.util.Map;

/** Renders a model card for people. */
final class ModelCardMarkdown {

  private ModelCardMarkdown() {}

  static String render(ModelCard card) {
    StringBuilder md = new StringBuilder();
    md.append("# Model ").append(card.artifactId()).append("\n\n");
    md.append("- Catalogue entry: `")
        .append(card.catalogEntry())
        .append("` (version ")
        .append(card.entryVersion())
        .append(")\n");
    md.append("- Task: ").append(card.task()).append("\n");
    md.append("- Created: ")
        .append(card.createdAt())
        .append(", seed ")
        .append(card.seed())
        .append(", device ")
        .append(card.device())
        .append("\n");
    if (card.parent() != null) {
      md.append("- Fine-tuned from: ").append(card.parent().artifactId()).append("\n");
    }
    md.append("- Inputs: ").append(String.join(", ", card.inputs())).append("\n");
    if (!card.labels().isEmpty()) {
      md.append("- Labels: ").append(String.join(", ", card.labels())).append("\n");
    }
    md.append("\n## Held-out evaluation (").append(card.evaluation().rows()).append(" rows)\n\n");
    md.append("| metric | value |\n|---|---|\n");
    for (Map.Entry<String, Double> metric : card.evaluation().metrics().entrySet()) {
      md.append("| ")
          .append(metric.getKey())
          .append(" | ")
          .append(String.format(Locale.ROOT, "%.4f", metric.getValue()))
          .append(" |\n");
    }
    if (card.evaluation().confusion() != null) {
      md.append("\nConfusion matrix (rows: true label, columns: predicted):\n\n| |");
      for (String label : card.labels()) {
        md.append(' ').append(label).append(" |");
      }
      md.append("\n|---|").append("---|".repeat(card.labels().size())).append('\n');
      long[][] confusion = card.evaluation().confusion();
      for (int i = 0; i < confusion.length; i++) {
        md.append("| ").append(card.labels().get(i)).append(" |");
        for (long count : confusion[i]) {
          md.append(' ').append(count).append(" |");
        }
        md.append('\n');
      }
    }
    ModelCard.Training t = card.training();
    md.append("\n## Training\n\n")
        .append(t.epochsRun())
        .append(" epochs run, best epoch ")
        .append(t.bestEpoch())
        .append(t.stoppedEarly() ? " (stopped early)" : "")
        .append(", ")
        .append(t.trainRows())
        .append(" training / ")
        .append(t.validationRows())
        .append(" validation / ")
        .append(t.testRows())
        .append(" test rows, ")
        .append(String.format(Locale.ROOT, "%.1f", t.seconds()))
        .append(" s.\n");
    md.append("\nHyper-parameters: `").append(card.hyperparameters()).append("`\n");
    md.append("\n## Data\n\n");
    for (ModelCard.DataFingerprint data : card.data()) {
      md.append("- ")
          .append(data.role())
          .append(": ")
          .append(data.file())
          .append(", sha256 ")
          .append(data.sha256())
          .append(", ")
          .append(data.rows())
          .append(" rows\n");
    }
    return md.toString();
  }
}
