package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Turns written entries into committed ones: fsyncs every segment that may hold unsynced data, then
 * the directory when a segment file is new, and only then advances the committed position and tells
 * listeners. Used by one thread at a time: the flusher, the writer in EVERY_ENTRY mode, or close.
 */
final class Committer {

  private final Path directory;
  private final LogMetrics metrics;
  private final CommitNotifier notifier;
  private volatile long committed;
  private long committedEntries;

  Committer(Path directory, long recoveredPosition, LogMetrics metrics, CommitNotifier notifier) {
    this.directory = directory;
    this.committed = recoveredPosition;
    this.metrics = metrics;
    this.notifier = notifier;
  }

  long committedPosition() {
    return committed;
  }

  /**
   * Commits everything up to {@code target}, which the writer has finished writing.
   *
   * @param segments the segments as published after {@code target} was written, so that every one
   *     holding part of it is included
   * @param appendedEntries how many entries the writer had appended by then, for the batch metric
   */
  void commit(Segment[] segments, long target, long appendedEntries) throws IOException {
    if (target <= committed) {
      return;
    }
    long started = System.nanoTime();
    boolean newFile = false;
    for (Segment segment : segments) {
      if (segment.writeChannel() == null) {
        continue; // recovered, or sealed and synced by an earlier commit
      }
      // Read before the fsync: once sealed, the writer never writes to it again, so this fsync
      // covers all of it and its channel can go.
      boolean sealed = segment.isSealed();
      segment.force();
      if (sealed) {
        segment.releaseWriteChannel();
      }
      newFile |= !segment.isSyncedInDirectory();
    }
    if (newFile) {
      DirectorySync.sync(directory);
      for (Segment segment : segments) {
        segment.markSyncedInDirectory();
      }
    }
    long now = System.nanoTime();
    committed = target;
    metrics.committed(target, appendedEntries - committedEntries, now - started, now);
    committedEntries = appendedEntries;
    notifier.committed(target);
  }
}
