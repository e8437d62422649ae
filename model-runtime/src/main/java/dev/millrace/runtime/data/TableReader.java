package dev.millrace.runtime.data;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;

/**
 * Streams the records of a CSV or JSON Lines file one at a time, so that files larger than memory
 * can be read. Every record has as many values as the header, or reading fails with the line and
 * column of the first extra or missing field.
 */
public interface TableReader extends Closeable {

  List<String> header();

  /** The next record, or null at the end of the file. */
  Row next();

  /** Which format was read and how (for profiles). */
  String describeFormat();

  /** Opens a file, choosing the format by its extension, else by its first non-blank character. */
  static TableReader open(Path file) {
    return open(file, null);
  }

  /** As {@link #open(Path)}, feeding every byte read to {@code digest} (when not null). */
  static TableReader open(Path file, MessageDigest digest) {
    try {
      boolean jsonLines = isJsonLines(file);
      InputStream raw = Files.newInputStream(file);
      if (digest != null) {
        raw = new DigestInputStream(raw, digest);
      }
      return open(new BufferedInputStream(raw, 1 << 16), jsonLines);
    } catch (NoSuchFileException e) {
      throw new DataFormatException(0, 0, null, "no such file: " + file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static TableReader open(InputStream in, boolean jsonLines) {
    return jsonLines ? new JsonLinesTableReader(in) : new CsvTableReader(in);
  }

  private static boolean isJsonLines(Path file) throws IOException {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json")) {
      return true;
    }
    if (name.endsWith(".csv") || name.endsWith(".tsv") || name.endsWith(".txt")) {
      return false;
    }
    try (InputStream in = Files.newInputStream(file)) {
      int c;
      do {
        c = in.read();
      } while (c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xEF || c == 0xBB
          || c == 0xBF);
      return c == '{';
    }
  }
}
