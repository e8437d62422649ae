package dev.millrace.engine.export;

import dev.millrace.engine.feel.JsonValues;
import dev.millrace.engine.record.Record;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes every record as one JSON object per line, for debugging ({@code --export-jsonl=<file>}).
 * Acknowledges what it has flushed, so a restart continues where the file ends (records after the
 * last flush may appear twice: at-least-once).
 */
public final class JsonLinesExporter implements Exporter {

  private final Path file;
  private BufferedWriter out;
  private Controller controller;
  private long lastPosition = -1;
  private int unflushed;

  public JsonLinesExporter(Path file) {
    this.file = file;
  }

  @Override
  public void open(Controller controller) {
    this.controller = controller;
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      dropTornLastLine();
      out =
          Files.newBufferedWriter(
              file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open JSON-lines export file " + file, e);
    }
  }

  /**
   * A kill can leave half a line at the end; the record it held comes again (it was never
   * acknowledged), so cut the fragment off rather than glue the next record onto it.
   */
  private void dropTornLastLine() throws IOException {
    if (!Files.exists(file)) {
      return;
    }
    try (var channel =
        java.nio.channels.FileChannel.open(
            file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      long size = channel.size();
      long end = size;
      var one = java.nio.ByteBuffer.allocate(1);
      while (end > 0) {
        one.clear();
        channel.read(one, end - 1);
        if (one.get(0) == '\n') {
          break;
        }
        end--;
      }
      if (end < size) {
        channel.truncate(end);
      }
    }
  }

  @Override
  public void export(Record record) {
    try {
      out.write(JsonValues.mapper().writeValueAsString(RecordJson.toJson(record)));
      out.newLine();
      lastPosition = record.position();
      if (++unflushed >= 1_000) {
        flush();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write to " + file, e);
    }
  }

  @Override
  public boolean acknowledgesItself() {
    return true;
  }

  @Override
  public void idle() {
    if (unflushed > 0) {
      flush();
    }
  }

  /** Flushes and acknowledges. */
  public void flush() {
    try {
      out.flush();
      unflushed = 0;
      if (lastPosition >= 0) {
        controller.acknowledge(lastPosition);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot flush " + file, e);
    }
  }

  @Override
  public void close() {
    if (out != null) {
      flush();
      try {
        out.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
