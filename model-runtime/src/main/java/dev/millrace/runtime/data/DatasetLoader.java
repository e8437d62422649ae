package dev.millrace.runtime.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a data file into an encoded, split table: one streaming pass to profile and validate, one
 * to encode (skipped when the profiling pass could encode the file itself, see {@link
 * NumericRows}). Scaling is fitted on the training rows only.
 */
public final class DatasetLoader {

  private DatasetLoader() {}

  /** How to split and what the data must look like. */
  public record Options(
      long seed,
      double validationFraction,
      double testFraction,
      MissingValues missingValues,
      boolean image,
      int imageHeight,
      int imageWidth,
      long spillAfterBytes) {

    public static Options defaults(long seed) {
      return new Options(
          seed, 0.1, 0.2, MissingValues.IMPUTE, false, 0, 0, EncodedTable.defaultSpillThreshold());
    }

    public Options withImage(int height, int width) {
      return new Options(
          seed,
          validationFraction,
          testFraction,
          missingValues,
          true,
          height,
          width,
          spillAfterBytes);
    }

    public Options withFractions(double validation, double test) {
      return new Options(
          seed, validation, test, missingValues, image, imageHeight, imageWidth, spillAfterBytes);
    }

    public Options withSpillAfterBytes(long bytes) {
      return new Options(
          seed,
          validationFraction,
          testFraction,
          missingValues,
          image,
          imageHeight,
          imageWidth,
          bytes);
    }
  }

  /** A validated data set ready for training. Close it to drop a spill file. */
  public record LoadedDataset(
      DatasetProfile profile, Preprocessing preprocessing, EncodedTable table, DataSplit split)
      implements AutoCloseable {
    @Override
    public void close() {
      table.close();
    }
  }

  /** Profiles, validates, encodes and splits a file for a new model. */
  public static LoadedDataset load(Path file, String target, Task task, Options options) {
    RowCache cache = RowCache.sized();
    DatasetProfile profile;
    Preprocessing raw;
    EncodedTable table;
    try (NumericRows numeric = new NumericRows(target, options.spillAfterBytes())) {
      profile = DatasetProfiler.profile(file, target, task, cache, numeric).requireValid();
      int[] imageShape = options.image() ? imageShape(profile, options) : null;
      raw = Preprocessing.fromProfile(profile, options.missingValues(), imageShape);
      table = numeric.table(raw);
    }
    if (table == null) {
      table =
          cache.rows() != null
              ? encode(cache, raw, options.spillAfterBytes())
              : encode(file, raw, options.spillAfterBytes(), true);
    }
    DataSplit split =
        DataSplit.of(
            table,
            profile.task(),
            options.seed(),
            options.validationFraction(),
            options.testFraction());
    Preprocessing scaled = raw.withScalingFrom(table, split.train());
    table.applyScaling(scaled);
    return new LoadedDataset(profile, scaled, table, split);
  }

  /**
   * Encodes a file with an existing model's transform (fine-tuning, evaluation). With {@code
   * newLabels} set, labels the model has not seen are appended to its label list instead of being
   * refused.
   */
  public static LoadedDataset loadFor(
      Path file, Preprocessing model, boolean newLabels, Options options, boolean split) {
    // Only the model's schema judges types here: the encoding pass below locates every bad value
    // (and re-raises any structural error) by line and column.
    DatasetProfile profile = DatasetProfiler.profile(file, model.target(), model.task());
    if (profile.rows() == 0 && profile.errors().stream().noneMatch(e -> e.line() > 0)) {
      throw new DataFormatException(2, 1, null, "the file has a header but no data rows");
    }
    Preprocessing transform = model;
    if (newLabels && model.task() == Task.CLASSIFICATION) {
      Set<String> labels = new LinkedHashSet<>(model.labels());
      labels.addAll(Preprocessing.sortedLabels(profile.column(model.target()).values().keySet()));
      transform =
          new Preprocessing(
              model.features(),
              model.target(),
              model.task(),
              List.copyOf(labels),
              model.targetCenter(),
              model.targetScale(),
              model.missingValues(),
              model.imageShape());
    }
    EncodedTable table = encode(file, transform, options.spillAfterBytes(), true);
    finishScaled(table, transform);
    DataSplit parts =
        split
            ? DataSplit.of(
                table,
                transform.task(),
                options.seed(),
                options.validationFraction(),
                options.testFraction())
            : DataSplit.allTest(table.rows());
    return new LoadedDataset(profile, transform, table, parts);
  }

  /** Missing values became NaN; in a table encoded with a fitted transform they are the mean. */
  private static void finishScaled(EncodedTable table, Preprocessing transform) {
    float[] row = new float[table.width()];
    for (int r = 0; r < table.rows(); r++) {
      table.copyRow(r, row, 0);
      for (float value : row) {
        if (Float.isNaN(value)) {
          RowEncoder.finish(row, 0, row.length);
          table.replaceRow(r, row);
          break;
        }
      }
      if (transform.task() == Task.REGRESSION) {
        table.setTarget(
            r, (float) ((table.target(r) - transform.targetCenter()) / transform.targetScale()));
      }
    }
  }

  private static EncodedTable encode(
      RowCache cache, Preprocessing transform, long spillAfterBytes) {
    EncodedTable table = new EncodedTable(transform.width(), spillAfterBytes);
    RowEncoder encoder = transform.encoder();
    float[] buffer = new float[transform.width()];
    try {
      int[] positions = transform.positionsIn(cache.header(), true);
      int targetField = positions[positions.length - 1];
      List<double[]> numbers = cache.numbers();
      for (int r = 0; r < cache.rows().size(); r++) {
        Row row = cache.rows().get(r);
        encoder.encodeRow(row, numbers.get(r), positions, buffer, 0);
        table.append(buffer, 0, encoder.encodeTarget(row, targetField));
      }
      return table;
    } catch (RuntimeException e) {
      table.close();
      throw e;
    }
  }

  /** The full encoding pass (tests compare {@link NumericRows} with it). */
  static EncodedTable encode(
      Path file, Preprocessing transform, long spillAfterBytes, boolean targetRequired) {
    EncodedTable table = new EncodedTable(transform.width(), spillAfterBytes);
    RowEncoder encoder = transform.encoder();
    float[] buffer = new float[transform.width()];
    try (TableReader reader = TableReader.open(file)) {
      int[] positions = transform.positionsIn(reader.header(), targetRequired);
      int targetField = positions[positions.length - 1];
      Row row;
      while ((row = reader.next()) != null) {
        encoder.encodeRow(row, positions, buffer, 0);
        table.append(buffer, 0, encoder.encodeTarget(row, targetField));
      }
    } catch (IOException e) {
      table.close();
      throw new UncheckedIOException(e);
    } catch (RuntimeException e) {
      table.close();
      throw e;
    }
    return table;
  }

  private static int[] imageShape(DatasetProfile profile, Options options) {
    int pixels = 0;
    for (ColumnProfile column : profile.columns()) {
      if (column.name().equals(profile.target())) {
        continue;
      }
      if (column.type() != ColumnType.NUMERIC) {
        throw new DataFormatException(
            1, 0, column.name(), "an image model needs numeric pixel columns only");
      }
      pixels++;
    }
    int height = options.imageHeight();
    int width = options.imageWidth();
    if (height <= 0 || width <= 0) {
      int side = (int) Math.round(Math.sqrt(pixels));
      if (side * side != pixels) {
        throw new DataFormatException(
            1, 0, null, pixels + " pixel columns do not form a square grid: set height and width");
      }
      height = side;
      width = side;
    }
    if (height * width != pixels) {
      throw new DataFormatException(
          1,
          0,
          null,
          "height x width = " + height * width + " but there are " + pixels + " pixel columns");
    }
    return new int[] {height, width};
  }
}
