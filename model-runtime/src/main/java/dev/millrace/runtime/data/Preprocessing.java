package dev.millrace.runtime.data;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything that turns a raw row into the model's input and its output back into an answer:
 * feature order, scaling, category and label dictionaries, the missing-value policy. It is stored
 * in the artifact ({@code preprocessing.json}) so that serving applies exactly the training
 * transform.
 *
 * @param labels class labels in output order (classification), else empty
 * @param targetCenter regression targets are learned as {@code (y - center) / scale}
 * @param imageShape {@code [height, width]} for image models (features are row-major pixels)
 */
public record Preprocessing(
    List<Feature> features,
    String target,
    Task task,
    List<String> labels,
    double targetCenter,
    double targetScale,
    MissingValues missingValues,
    int[] imageShape) {

  public Preprocessing {
    features = List.copyOf(features);
    labels = List.copyOf(labels);
  }

  /**
   * The transform implied by a profile, with identity scaling: {@link
   * #withScalingFrom(EncodedTable, int[])} fits it on the training rows afterwards, so that no
   * statistic leaks from validation or test rows.
   */
  public static Preprocessing fromProfile(
      DatasetProfile profile, MissingValues missingValues, int[] imageShape) {
    List<Feature> features = new ArrayList<>();
    for (ColumnProfile column : profile.columns()) {
      if (column.name().equals(profile.target()) || column.present() == 0) {
        continue;
      }
      if (column.type() == ColumnType.CATEGORICAL) {
        if (column.distinct() == null) {
          continue;
        }
        features.add(
            new Feature(
                column.name(), column.type(), 0, 1, sortedLabels(column.values().keySet())));
      } else {
        features.add(new Feature(column.name(), column.type(), 0, 1, List.of()));
      }
    }
    List<String> labels = List.of();
    if (profile.task() == Task.CLASSIFICATION) {
      labels = sortedLabels(profile.column(profile.target()).values().keySet());
    }
    return new Preprocessing(
        features, profile.target(), profile.task(), labels, 0, 1, missingValues, imageShape);
  }

  /** Labels sorted numerically when all are numbers (so "10" follows "9"), else as text. */
  public static List<String> sortedLabels(Collection<String> labels) {
    List<String> sorted = new ArrayList<>(labels);
    boolean numeric = sorted.stream().allMatch(label -> NumberText.parse(label) != null);
    sorted.sort(
        numeric
            ? Comparator.comparingDouble((String label) -> NumberText.parse(label))
            : Comparator.naturalOrder());
    return List.copyOf(sorted);
  }

  /** Number of model inputs after one-hot encoding. */
  @JsonIgnore
  public int width() {
    int width = 0;
    for (Feature feature : features) {
      width += feature.width();
    }
    return width;
  }

  @JsonIgnore
  public List<String> featureNames() {
    return features.stream().map(Feature::name).toList();
  }

  @JsonIgnore
  public boolean isImage() {
    return imageShape != null;
  }

  /** Positions of the features (and the target, last, or -1) in a file's header. */
  public int[] positionsIn(List<String> header, boolean targetRequired) {
    int[] positions = new int[features.size() + 1];
    for (int i = 0; i < features.size(); i++) {
      positions[i] = header.indexOf(features.get(i).name());
      if (positions[i] < 0) {
        throw new DataFormatException(
            1, 0, features.get(i).name(), "column the model needs is not in the header");
      }
    }
    positions[features.size()] = header.indexOf(target);
    if (targetRequired && positions[features.size()] < 0) {
      throw new DataFormatException(1, 0, target, "target column is not in the header");
    }
    return positions;
  }

  /** A reusable encoder (holds lookup tables; not thread-safe because of its scratch state). */
  public RowEncoder encoder() {
    return new RowEncoder(this);
  }

  Map<String, Integer> labelIndex() {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < labels.size(); i++) {
      index.put(labels.get(i), i);
    }
    return index;
  }

  /** This transform with scaling fitted on the given rows of a table encoded without scaling. */
  public Preprocessing withScalingFrom(EncodedTable table, int[] rows) {
    List<Feature> scaled = new ArrayList<>();
    int offset = 0;
    double imageMax = 0;
    if (isImage()) {
      for (int row : rows) {
        for (int j = 0; j < table.width(); j++) {
          float value = table.get(row, j);
          if (!Float.isNaN(value)) {
            imageMax = Math.max(imageMax, Math.abs(value));
          }
        }
      }
    }
    for (Feature feature : features) {
      if (feature.type() == ColumnType.CATEGORICAL) {
        scaled.add(feature);
      } else if (isImage()) {
        scaled.add(feature.withScaling(0, imageMax == 0 ? 1 : imageMax));
      } else {
        double sum = 0;
        double squares = 0;
        long count = 0;
        for (int row : rows) {
          double value = table.get(row, offset);
          if (!Double.isNaN(value)) {
            sum += value;
            squares += value * value;
            count++;
          }
        }
        double mean = count == 0 ? 0 : sum / count;
        double std = count == 0 ? 1 : Math.sqrt(Math.max(0, squares / count - mean * mean));
        scaled.add(feature.withScaling(mean, std < 1e-12 ? 1 : std));
      }
      offset += feature.width();
    }
    double center = 0;
    double scale = 1;
    if (task == Task.REGRESSION) {
      double sum = 0;
      double squares = 0;
      for (int row : rows) {
        sum += table.target(row);
        squares += (double) table.target(row) * table.target(row);
      }
      center = sum / rows.length;
      double std = Math.sqrt(Math.max(0, squares / rows.length - center * center));
      scale = std < 1e-12 ? 1 : std;
    }
    return new Preprocessing(
        scaled, target, task, labels, center, scale, missingValues, imageShape);
  }
}
