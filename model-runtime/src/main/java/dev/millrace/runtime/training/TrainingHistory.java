package dev.millrace.runtime.training;

import dev.millrace.runtime.Json;
import dev.millrace.runtime.artifact.ArtifactLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The artifact's {@code history.jsonl}: one {@code epoch} event per line. Lines after the epoch a
 * run starts from are dropped (they will run again); the file stays open for the run, so an epoch
 * costs one write call.
 */
final class TrainingHistory implements AutoCloseable {

  private final FileChannel file;

  TrainingHistory(Path output, int keepUpToEpoch) {
    Path path = output.resolve(ArtifactLayout.HISTORY);
    try {
      Files.createDirectories(output);
      List<String> kept = new ArrayList<>();
      if (Files.exists(path)) {
        for (String line : Files.readAllLines(path)) {
          if (!line.isBlank()
              && Json.MAPPER.readTree(line).path("epoch").asInt() <= keepUpToEpoch) {
            kept.add(line);
          }
        }
      }
      Files.write(path, kept);
      file = FileChannel.open(path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + path, e);
    }
  }

  void append(TrainingEvent.Epoch event) {
    try {
      file.write(
          ByteBuffer.wrap(
              (Json.MAPPER.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    try {
      file.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
