package dev.millrace.engine.log;

import static dev.millrace.engine.log.LogFormat.FRAME_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only log of opaque entries, stored as segment files in one directory.
 *
 * <p>Threads: {@link #append} is called by one writer thread. It writes to the OS and returns;
 * durability comes later, from the flusher thread's fsync ({@link LogConfig.CommitMode#GROUP}) or
 * at once ({@link LogConfig.CommitMode#EVERY_ENTRY}), and is announced by {@link
 * #committedPosition()}, commit listeners and {@link #awaitCommit}. Readers, {@link #deleteUntil}
 * and the position getters may be used from any thread. {@link #close} is called once the writer
 * has stopped.
 *
 * <p>After a write or fsync failure the log accepts nothing more ({@link LogFailedException});
 * close it and open it again: recovery keeps exactly what is intact on disk.
 */
public final class SegmentedLog implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SegmentedLog.class);
  private static final String LOCK_FILE = ".lock";

  private final Path directory;
  private final LogConfig config;
  private final FileChannel lockChannel;
  private final RecoveryReport recoveryReport;
  private final LogMetrics metrics;
  private final DiskSpaceGuard diskSpace;
  private final CommitNotifier notifier;
  private final GroupCommit groupCommit; // null in EVERY_ENTRY mode
  private final Set<LogReader> readers = ConcurrentHashMap.newKeySet();

  private final Object segmentsLock = new Object();
  private volatile Segment[] segments; // ascending base positions, replaced under segmentsLock

  private final SegmentWriter writer; // writer thread only

  private final AtomicLong appendedEntries = new AtomicLong();
  private volatile long lastAppended;
  private final Committer committer;

  private volatile Throwable failure;
  private volatile boolean closed;

  private SegmentedLog(
      Path directory, LogConfig config, FileChannel lockChannel, LogRecovery.Recovered recovered)
      throws IOException {
    this.directory = directory;
    this.config = config;
    this.lockChannel = lockChannel;
    this.recoveryReport = recovered.report();
    this.segments = recovered.segments().toArray(Segment[]::new);
    this.lastAppended = recoveryReport.lastPosition();
    this.diskSpace = new DiskSpaceGuard(directory, config);
    this.notifier = new CommitNotifier(this::committedPosition);
    this.metrics = new LogMetrics(config.meterRegistry(), this, SegmentedLog::committedPosition);
    this.committer = new Committer(directory, recoveryReport.lastPosition(), metrics, notifier);
    this.writer =
        new SegmentWriter(
            directory,
            config,
            segments.length > 0 ? segments[segments.length - 1] : null,
            this::addSegment);
    if (config.commitMode() == LogConfig.CommitMode.GROUP) {
      groupCommit =
          new GroupCommit(
              this, config.maxCommitDelay(), "millrace-log-flusher-" + directory.getFileName());
      groupCommit.start();
    } else {
      groupCommit = null;
    }
  }

  /**
   * Opens (creating if needed) the log in {@code directory}, validating every segment first; see
   * engine/README.md, "Log and snapshots", for what is repaired and what fails.
   *
   * @throws CorruptLogException when acknowledged data is damaged
   * @throws IOException when the directory is in use by another open log, or on I/O errors
   */
  public static SegmentedLog open(Path directory, LogConfig config) throws IOException {
    Files.createDirectories(directory);
    FileChannel lockChannel =
        FileChannel.open(
            directory.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      FileLock lock;
      try {
        lock = lockChannel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new IOException(
            "Log directory " + directory + " is already open (by this or another process)");
      }
      return new SegmentedLog(directory, config, lockChannel, LogRecovery.recover(directory));
    } catch (IOException | RuntimeException e) {
      lockChannel.close();
      throw e;
    }
  }

  /** Appends one entry; see {@link #append(long, long, ByteBuffer)}. */
  public void append(long firstPosition, long lastPosition, byte[] payload) throws IOException {
    append(firstPosition, lastPosition, ByteBuffer.wrap(payload));
  }

  /**
   * Appends one entry holding positions {@code firstPosition..lastPosition}: writes it to the OS
   * and returns; it is committed once an fsync covers it. Writer thread only. The payload's
   * remaining bytes are copied; its position is not moved.
   *
   * @throws IllegalArgumentException when the positions do not continue the log ({@code
   *     firstPosition} must be the last appended position + 1; the first entry of an empty log may
   *     start anywhere from 1) or the payload exceeds {@link LogConfig#maxEntryBytes()}
   * @throws LogFullException when the volume is low on space; nothing was written
   * @throws LogFailedException when an earlier write or fsync failed
   * @throws IOException when writing (or, in EVERY_ENTRY mode, fsyncing) fails; the log then fails
   */
  public void append(long firstPosition, long lastPosition, ByteBuffer payload) throws IOException {
    long started = System.nanoTime();
    checkWritable();
    long previous = lastAppended;
    if (firstPosition < 1) {
      throw new IllegalArgumentException("firstPosition must be at least 1, was " + firstPosition);
    }
    if (lastPosition < firstPosition) {
      throw new IllegalArgumentException(
          "lastPosition " + lastPosition + " is below firstPosition " + firstPosition);
    }
    if (previous > 0 && firstPosition != previous + 1) {
      throw new IllegalArgumentException(
          "firstPosition "
              + firstPosition
              + " does not continue the log: the last appended position is "
              + previous
              + ", so the next entry must start at "
              + (previous + 1));
    }
    int length = payload.remaining();
    if (length > config.maxEntryBytes()) {
      throw new IllegalArgumentException(
          "payload of "
              + length
              + " bytes exceeds LogConfig.maxEntryBytes ("
              + config.maxEntryBytes()
              + ")");
    }
    int frameBytes = FRAME_HEADER_BYTES + length;
    diskSpace.ensureRoomFor(frameBytes);
    try {
      writer.write(firstPosition, lastPosition, payload);
    } catch (IOException | RuntimeException e) {
      fail(e);
      throw e;
    }
    diskSpace.written(frameBytes);
    metrics.appended(lastPosition, frameBytes, started);
    appendedEntries.setRelease(appendedEntries.getPlain() + 1);
    lastAppended = lastPosition;
    if (groupCommit != null) {
      groupCommit.wakeUp();
    } else {
      try {
        flush();
      } catch (IOException | RuntimeException e) {
        fail(e);
        throw e;
      }
    }
  }

  /** Highest position appended (written, maybe not yet durable); 0 when the log is empty. */
  public long lastAppendedPosition() {
    return lastAppended;
  }

  /** Highest position that is durable; readers see entries up to here. 0 when none. */
  public long committedPosition() {
    return committer.committedPosition();
  }

  /**
   * Lowest position still stored (the first entry of the oldest segment); 0 when the log is empty.
   * {@link #deleteUntil} raises it.
   */
  public long firstPosition() {
    Segment[] current = segments;
    return current.length == 0 || lastAppended == 0 ? 0 : current[0].basePosition;
  }

  /**
   * Calls {@code listener} with the new committed position after each commit, on the thread that
   * committed (the flusher, or the writer in EVERY_ENTRY mode). Listeners must be quick and must
   * not call {@link #append}.
   */
  public void addCommitListener(LongConsumer listener) {
    notifier.addCommitListener(listener);
  }

  public void removeCommitListener(LongConsumer listener) {
    notifier.removeCommitListener(listener);
  }

  /** Called once if a write or fsync fails; the log accepts nothing more and must be reopened. */
  public void addFailureListener(Consumer<Throwable> listener) {
    notifier.addFailureListener(listener);
  }

  /**
   * Completes with the committed position once it reaches {@code position}; fails if the log fails
   * or closes first. It completes on the committing thread: chain heavy work with the async
   * variants.
   */
  public CompletableFuture<Long> awaitCommit(long position) {
    return notifier.await(position);
  }

  /**
   * A reader over entries whose last position is at least {@code fromPosition}, in order, up to the
   * committed position. A position below {@link #firstPosition()} starts at the oldest stored
   * entry. Close it when done (closing the log closes it too).
   */
  public LogReader newReader(long fromPosition) {
    checkOpen();
    LogReader reader = new LogReader(this, fromPosition);
    readers.add(reader);
    return reader;
  }

  /**
   * Deletes whole segments whose entries all lie below {@code position} and are committed; never
   * the active (last) segment. Readers already inside a deleted segment finish it; a reader that
   * had not reached it fails with an {@link IllegalStateException} rather than skip entries.
   *
   * @return how many segment files were deleted
   */
  public int deleteUntil(long position) throws IOException {
    checkOpen();
    Segment[] doomed;
    synchronized (segmentsLock) {
      Segment[] current = segments;
      long committedNow = committer.committedPosition();
      int keepFrom = 0;
      while (keepFrom < current.length - 1) {
        Segment segment = current[keepFrom];
        // A write channel still open means the flusher has not finished with it yet.
        if (segment.lastPosition() >= position
            || segment.lastPosition() > committedNow
            || segment.writeChannel() != null) {
          break;
        }
        keepFrom++;
      }
      if (keepFrom == 0) {
        return 0;
      }
      doomed = Arrays.copyOfRange(current, 0, keepFrom);
      segments = Arrays.copyOfRange(current, keepFrom, current.length);
    }
    for (Segment segment : doomed) {
      Files.deleteIfExists(segment.file);
    }
    DirectorySync.sync(directory);
    LOG.info(
        "Deleted {} log segments of {} below position {}; the log now starts at position {}",
        doomed.length,
        directory,
        position,
        firstPosition());
    return doomed.length;
  }

  /** What opening found and repaired. */
  public RecoveryReport recoveryReport() {
    return recoveryReport;
  }

  public Path directory() {
    return directory;
  }

  /**
   * Commits what was appended (unless the log failed), closes readers, fails pending {@link
   * #awaitCommit} futures and releases the directory.
   */
  @Override
  public void close() throws IOException {
    synchronized (segmentsLock) {
      if (closed) {
        return;
      }
      closed = true;
    }
    IOException error = null;
    try {
      if (groupCommit != null) {
        groupCommit.stop();
      } else if (failure == null) {
        flush();
      }
    } catch (IOException e) {
      fail(e);
      error = e;
    }
    for (LogReader reader : List.copyOf(readers)) {
      reader.close();
    }
    notifier.failed(new IllegalStateException("log " + directory + " was closed"), false);
    metrics.close();
    for (Segment segment : segments) {
      try {
        segment.releaseWriteChannel();
      } catch (IOException e) {
        error = addTo(error, e);
      }
    }
    try {
      lockChannel.close(); // releases the lock
    } catch (IOException e) {
      error = addTo(error, e);
    }
    if (error != null) {
      throw error;
    }
  }

  // ---- package-private: flusher and readers ----

  Segment[] segments() {
    return segments;
  }

  boolean isClosed() {
    return closed;
  }

  void readerClosed(LogReader reader) {
    readers.remove(reader);
  }

  boolean hasUncommitted() {
    return lastAppended > committer.committedPosition();
  }

  /** Makes everything written so far durable and commits it; see {@link Committer#commit}. */
  void flush() throws IOException {
    long target = lastAppended;
    committer.commit(segments, target, appendedEntries.getAcquire());
  }

  void fail(Throwable cause) {
    if (failure == null) {
      failure = cause;
      LOG.error("Log {} failed; it accepts no more entries until it is reopened", directory, cause);
    }
    notifier.failed(cause, true);
  }

  private void addSegment(Segment segment) {
    synchronized (segmentsLock) {
      Segment[] current = segments;
      Segment[] next = Arrays.copyOf(current, current.length + 1);
      next[current.length] = segment;
      segments = next;
    }
  }

  private void checkOpen() {
    if (closed) {
      throw new IllegalStateException("log " + directory + " is closed");
    }
  }

  private void checkWritable() throws LogFailedException {
    checkOpen();
    Throwable cause = failure;
    if (cause != null) {
      throw new LogFailedException(cause);
    }
  }

  private static IOException addTo(IOException error, IOException next) {
    if (error == null) {
      return next;
    }
    error.addSuppressed(next);
    return error;
  }

  @Override
  public String toString() {
    return "SegmentedLog["
        + directory
        + ", positions "
        + firstPosition()
        + ".."
        + lastAppended
        + ", committed "
        + committer.committedPosition()
        + "]";
  }

  /** For tests: segment files in order. */
  List<Path> segmentFiles() {
    List<Path> files = new ArrayList<>();
    for (Segment segment : segments) {
      files.add(segment.file);
    }
    return files;
  }
}
