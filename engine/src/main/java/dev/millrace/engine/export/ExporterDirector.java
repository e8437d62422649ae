package dev.millrace.engine.export;

import dev.millrace.engine.log.LogReader;
import dev.millrace.engine.log.SegmentedLog;
import dev.millrace.engine.record.RecordCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds committed records to the exporters on one thread, in order, and remembers (in a small file
 * per exporter) what each acknowledged, so a restart resumes there: at-least-once. The lowest
 * acknowledged position bounds what the log may delete.
 */
public final class ExporterDirector implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ExporterDirector.class);
  private static final long PERSIST_INTERVAL_MILLIS = 1_000;

  private final class Container implements Exporter.Controller {
    final String id;
    final Exporter exporter;
    volatile long acknowledged;
    long persisted;

    Container(String id, Exporter exporter, long acknowledged) {
      this.id = id;
      this.exporter = exporter;
      this.acknowledged = acknowledged;
      this.persisted = acknowledged;
    }

    @Override
    public void acknowledge(long position) {
      acknowledged = Math.max(acknowledged, position);
    }
  }

  private final SegmentedLog log;
  private final Path directory;
  private final List<Container> containers = new ArrayList<>();
  private Thread thread;
  private volatile boolean running;
  private long lastPersist;

  public ExporterDirector(SegmentedLog log, Path directory, Map<String, Exporter> exporters) {
    this.log = log;
    this.directory = directory;
    try {
      Files.createDirectories(directory);
      for (var entry : exporters.entrySet()) {
        containers.add(
            new Container(entry.getKey(), entry.getValue(), readPosition(entry.getKey())));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare exporter positions in " + directory, e);
    }
  }

  public void start() {
    if (containers.isEmpty()) {
      return;
    }
    containers.forEach(c -> c.exporter.open(c));
    running = true;
    thread = new Thread(this::run, "millrace-exporter");
    thread.setDaemon(true);
    log.addCommitListener(position -> LockSupport.unpark(thread));
    thread.start();
  }

  /** The lowest position every exporter has acknowledged (-1 when none has, MAX without any). */
  public long lowestAcknowledged() {
    long lowest = Long.MAX_VALUE;
    for (var c : containers) {
      lowest = Math.min(lowest, c.acknowledged);
    }
    return lowest;
  }

  private void run() {
    long from = containers.stream().mapToLong(c -> c.acknowledged).min().orElse(0) + 1;
    try (LogReader reader = log.newReader(Math.max(1, from))) {
      while (running) {
        if (!reader.hasNext()) {
          containers.forEach(c -> c.exporter.idle());
          persistPositions(false);
          LockSupport.parkNanos(50_000_000L);
          continue;
        }
        var entry = reader.next();
        for (var record : RecordCodec.readBatch(entry.payload())) {
          for (var c : containers) {
            if (record.position() > c.acknowledged) {
              c.exporter.export(record);
              if (!c.exporter.acknowledgesItself()) {
                c.acknowledged = record.position();
              }
            }
          }
        }
      }
    } catch (RuntimeException e) {
      LOG.error(
          "Exporting stopped: an exporter failed; it resumes from its last acknowledged position after a restart",
          e);
    }
  }

  private void persistPositions(boolean force) {
    long now = System.currentTimeMillis();
    if (!force && now - lastPersist < PERSIST_INTERVAL_MILLIS) {
      return;
    }
    lastPersist = now;
    for (var c : containers) {
      long position = c.acknowledged;
      if (position != c.persisted) {
        try {
          Path tmp = directory.resolve(c.id + ".position.tmp");
          Files.writeString(tmp, Long.toString(position), StandardCharsets.UTF_8);
          Files.move(
              tmp,
              directory.resolve(c.id + ".position"),
              StandardCopyOption.ATOMIC_MOVE,
              StandardCopyOption.REPLACE_EXISTING);
          c.persisted = position;
        } catch (IOException e) {
          LOG.warn("Cannot store the position of exporter {}", c.id, e);
        }
      }
    }
  }

  private long readPosition(String id) throws IOException {
    Path file = directory.resolve(id + ".position");
    if (!Files.exists(file)) {
      return 0;
    }
    return Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).strip());
  }

  @Override
  public void close() {
    running = false;
    if (thread != null) {
      LockSupport.unpark(thread);
      try {
        thread.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (var c : containers) {
      try {
        c.exporter.close();
      } catch (RuntimeException e) {
        LOG.warn("Exporter {} failed to close", c.id, e);
      }
    }
    persistPositions(true);
  }
}
