package dev.millrace.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The bundled sample files (from the module's resources) and small files written by tests. */
public final class TestData {

  private TestData() {}

  public static Path sample(String file) {
    return Path.of("src/main/resources/datasets", file).toAbsolutePath();
  }

  public static Path write(Path dir, String name, String content) {
    try {
      Path file = dir.resolve(name);
      Files.writeString(file, content, StandardCharsets.UTF_8);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
