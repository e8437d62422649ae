package dev.millrace.runtime.playground;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Build step: trains each catalogue entry's base model on its bundled sample with a fixed seed and
 * writes them, with {@code index.json}, under the given directory (the build passes {@code
 * target/classes/base-models}).
 */
public final class BaseModelBuilder {

  private BaseModelBuilder() {}

  public static void main(String[] args) throws IOException {
    Path out = Path.of(args.length > 0 ? args[0] : "target/classes/base-models");
    Path data = Files.createTempDirectory("millrace-base-data");
    ObjectNode index = Json.MAPPER.createObjectNode();
    for (Map.Entry<String, String> base : List.copyOf(BaseModels.samples().entrySet())) {
      String entry = base.getKey();
      String file = base.getValue();
      String target =
          BundledDatasets.ALL.stream()
              .filter(s -> s.file().equals(file))
              .findFirst()
              .orElseThrow()
              .target();
      Path dir = out.resolve(entry);
      long start = System.nanoTime();
      ModelArtifact artifact =
          ModelTrainer.train(
              TrainingRequest.of(entry, BundledDatasets.extract(file, data), target, dir),
              TrainingListener.NONE,
              null);
      ObjectNode node = index.putObject(entry);
      node.put("sample", file);
      node.put("target", target);
      node.put("artifactId", artifact.card().artifactId());
      node.putPOJO("metrics", artifact.card().evaluation().metrics());
      ArrayNode files = node.putArray("files");
      try (Stream<Path> walk = Files.walk(dir)) {
        walk.filter(Files::isRegularFile)
            .map(p -> dir.relativize(p).toString().replace('\\', '/'))
            .sorted()
            .forEach(files::add);
      }
      System.err.printf(
          "base model %s on %s: %s in %.1f s%n",
          entry, file, artifact.card().evaluation().metrics(), (System.nanoTime() - start) / 1e9);
    }
    Files.writeString(
        out.resolve("index.json"),
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(index));
  }
}
