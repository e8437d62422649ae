package dev.millrace.runtime.playground;

import dev.millrace.runtime.ModelRuntimeException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The sample data sets shipped in the jar (scikit-learn's, BSD-3-Clause; see
 * datasets/COPYRIGHT-scikit-learn.txt): what base models learn from and what examples use.
 */
public final class BundledDatasets {

  /** A bundled file and the column to predict. */
  public record Sample(String file, String target) {}

  public static final List<Sample> ALL =
      List.of(
          new Sample("iris.csv", "species"),
          new Sample("wine.csv", "cultivar"),
          new Sample("breast_cancer.csv", "diagnosis"),
          new Sample("digits.csv", "digit"),
          new Sample("diabetes.csv", "progression"));

  private BundledDatasets() {}

  /** Copies a bundled file to {@code dir} (or a temporary directory when null). */
  public static Path extract(String file, Path dir) {
    try (InputStream in = BundledDatasets.class.getResourceAsStream("/datasets/" + file)) {
      if (in == null) {
        throw new ModelRuntimeException("no bundled data set " + file);
      }
      Path target = (dir == null ? Files.createTempDirectory("millrace-data") : dir).resolve(file);
      Files.createDirectories(target.getParent());
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
