package dev.millrace.runtime.playground;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ModelArtifact;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;

/**
 * Pretrained checkpoints of the catalogue entries, produced at build time by {@link
 * BaseModelBuilder} from the bundled sample data and shipped in the jar under {@code base-models/}.
 * They are unpacked once into {@code $MILLRACE_HOME/base-models/<digest>/} (default {@code
 * ~/.millrace}) because models load from directories.
 */
public final class BaseModels {

  static final String INDEX = "/base-models/index.json";

  private BaseModels() {}

  /** Which entry was trained on which sample, from the shipped index. */
  public static JsonNode index() {
    try (InputStream in = BaseModels.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new ModelRuntimeException(
            "this build has no base models (base-models/index.json is missing from the class path)");
      }
      return Json.MAPPER.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean has(String entryId) {
    return BaseModels.class.getResource(INDEX) != null && index().has(entryId);
  }

  /** The base model of a catalogue entry, unpacked if needed. */
  public static synchronized ModelArtifact load(String entryId) {
    JsonNode index = index();
    JsonNode entry = index.get(entryId);
    if (entry == null) {
      throw new ModelRuntimeException("catalogue entry '" + entryId + "' ships no base model");
    }
    String digest =
        HexFormat.of()
            .formatHex(
                Integer.toString(index.toString().hashCode()).getBytes(StandardCharsets.UTF_8));
    Path dir = home().resolve("base-models").resolve(digest).resolve(entryId);
    try {
      if (!Files.exists(dir.resolve(".complete"))) {
        Path staging =
            Files.createDirectories(
                dir.resolveSibling(entryId + ".tmp-" + ProcessHandle.current().pid()));
        Iterator<JsonNode> files = entry.path("files").elements();
        while (files.hasNext()) {
          String name = files.next().asText();
          try (InputStream in =
              BaseModels.class.getResourceAsStream("/base-models/" + entryId + "/" + name)) {
            if (in == null) {
              throw new ModelRuntimeException("base model file missing: " + entryId + "/" + name);
            }
            Path target = staging.resolve(name);
            Files.createDirectories(target.getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
          }
        }
        Files.writeString(staging.resolve(".complete"), "");
        if (!Files.exists(dir.resolve(".complete"))) {
          deleteQuietly(dir);
          Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        }
      }
      return ModelArtifact.load(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot unpack the base model of " + entryId, e);
    }
  }

  static Path home() {
    String configured = System.getProperty("millrace.home", System.getenv("MILLRACE_HOME"));
    return configured != null
        ? Path.of(configured)
        : Path.of(System.getProperty("user.home"), ".millrace");
  }

  private static void deleteQuietly(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (var walk = Files.walk(dir)) {
        walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  static Map<String, String> samples() {
    return Map.of(
        "tabular-classifier", "iris.csv",
        "tabular-regressor", "diabetes.csv",
        "gradient-boosted-trees", "breast_cancer.csv",
        "image-classifier", "digits.csv");
  }
}
