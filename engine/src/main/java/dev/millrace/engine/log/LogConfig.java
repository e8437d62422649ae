package dev.millrace.engine.log;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of a {@link SegmentedLog}. Build with {@link #builder()}; {@link #defaults()} suits
 * production.
 */
public final class LogConfig {

  /** When appended entries become durable and count as committed. */
  public enum CommitMode {
    /**
     * A background flusher fsyncs whatever was written since its last fsync; entries written while
     * an fsync runs are committed by the next one, so under load one fsync covers many entries.
     */
    GROUP,
    /**
     * Every {@code append} fsyncs before it returns and notifies commit listeners on the calling
     * thread. Slow; for tests and as the benchmark's baseline.
     */
    EVERY_ENTRY
  }

  /** Opens the write channel of a segment; tests substitute one that fails on purpose. */
  @FunctionalInterface
  interface ChannelOpener {
    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;
  }

  /** Usable bytes on the log's volume; tests substitute a fake disk. */
  @FunctionalInterface
  interface FreeSpaceProbe {
    long usableBytes(Path directory) throws IOException;
  }

  static final int MIN_SEGMENT_BYTES = 4096;
  private static final int DEFAULT_MAX_ENTRY_BYTES = 16 << 20;
  private static final int UNSET = -1;

  private final long segmentBytes;
  private final int maxEntryBytes;
  private final CommitMode commitMode;
  private final Duration maxCommitDelay;
  private final long minFreeDiskBytes;
  private final Duration diskCheckInterval;
  private final long diskCheckBytes;
  private final MeterRegistry meterRegistry;
  private final ChannelOpener channelOpener;
  private final FreeSpaceProbe freeSpaceProbe;

  private LogConfig(Builder b) {
    if (b.segmentBytes < MIN_SEGMENT_BYTES || b.segmentBytes > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          "segmentBytes must be between "
              + MIN_SEGMENT_BYTES
              + " and "
              + Integer.MAX_VALUE
              + ", was "
              + b.segmentBytes);
    }
    long room = b.segmentBytes - LogFormat.SEGMENT_HEADER_BYTES - LogFormat.FRAME_HEADER_BYTES;
    if (b.maxEntryBytes == UNSET) {
      b.maxEntryBytes = (int) Math.min(DEFAULT_MAX_ENTRY_BYTES, room);
    }
    if (b.maxEntryBytes < 0 || b.maxEntryBytes > room) {
      throw new IllegalArgumentException(
          "maxEntryBytes must be between 0 and "
              + room
              + " (segmentBytes less the headers), was "
              + b.maxEntryBytes);
    }
    if (b.maxCommitDelay.isNegative() || b.diskCheckInterval.isNegative()) {
      throw new IllegalArgumentException(
          "maxCommitDelay and diskCheckInterval must not be negative");
    }
    if (b.minFreeDiskBytes < 0 || b.diskCheckBytes < 0) {
      throw new IllegalArgumentException(
          "minFreeDiskBytes and diskCheckBytes must not be negative");
    }
    segmentBytes = b.segmentBytes;
    maxEntryBytes = b.maxEntryBytes;
    commitMode = Objects.requireNonNull(b.commitMode, "commitMode");
    maxCommitDelay = b.maxCommitDelay;
    minFreeDiskBytes = b.minFreeDiskBytes;
    diskCheckInterval = b.diskCheckInterval;
    diskCheckBytes = b.diskCheckBytes;
    meterRegistry = b.meterRegistry != null ? b.meterRegistry : new CompositeMeterRegistry();
    channelOpener = b.channelOpener;
    freeSpaceProbe = b.freeSpaceProbe;
  }

  public static LogConfig defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Size at which the active segment is closed and a new one started (default 128 MiB). */
  public long segmentBytes() {
    return segmentBytes;
  }

  /**
   * Largest payload one entry may carry: at most a segment less its headers (default 16 MiB, or
   * that when segments are smaller).
   */
  public int maxEntryBytes() {
    return maxEntryBytes;
  }

  public CommitMode commitMode() {
    return commitMode;
  }

  /**
   * In {@link CommitMode#GROUP}: how long the flusher waits after it sees new entries before it
   * fsyncs, to gather more entries per fsync (default 0: fsync at once; batching still happens
   * because entries accumulate while an fsync runs).
   */
  public Duration maxCommitDelay() {
    return maxCommitDelay;
  }

  /**
   * Appends fail with {@link LogFullException} once the volume has less usable space (default 256
   * MiB).
   */
  public long minFreeDiskBytes() {
    return minFreeDiskBytes;
  }

  /** The usable space is re-read at least this often while appending (default 250 ms)... */
  public Duration diskCheckInterval() {
    return diskCheckInterval;
  }

  /** ...and after at most this many bytes written (default 16 MiB). */
  public long diskCheckBytes() {
    return diskCheckBytes;
  }

  /** Where the log's metrics go (default: a registry with no backends, so meters are no-ops). */
  public MeterRegistry meterRegistry() {
    return meterRegistry;
  }

  ChannelOpener channelOpener() {
    return channelOpener;
  }

  FreeSpaceProbe freeSpaceProbe() {
    return freeSpaceProbe;
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.segmentBytes = segmentBytes;
    b.maxEntryBytes = maxEntryBytes;
    b.commitMode = commitMode;
    b.maxCommitDelay = maxCommitDelay;
    b.minFreeDiskBytes = minFreeDiskBytes;
    b.diskCheckInterval = diskCheckInterval;
    b.diskCheckBytes = diskCheckBytes;
    b.meterRegistry = meterRegistry;
    b.channelOpener = channelOpener;
    b.freeSpaceProbe = freeSpaceProbe;
    return b;
  }

  public static final class Builder {
    private long segmentBytes = 128L << 20;
    private int maxEntryBytes = UNSET;
    private CommitMode commitMode = CommitMode.GROUP;
    private Duration maxCommitDelay = Duration.ZERO;
    private long minFreeDiskBytes = 256L << 20;
    private Duration diskCheckInterval = Duration.ofMillis(250);
    private long diskCheckBytes = 16L << 20;
    private MeterRegistry meterRegistry;
    private ChannelOpener channelOpener = FileChannel::open;
    private FreeSpaceProbe freeSpaceProbe = dir -> Files.getFileStore(dir).getUsableSpace();

    private Builder() {}

    public Builder segmentBytes(long bytes) {
      segmentBytes = bytes;
      return this;
    }

    public Builder maxEntryBytes(int bytes) {
      maxEntryBytes = bytes;
      return this;
    }

    public Builder commitMode(CommitMode mode) {
      commitMode = mode;
      return this;
    }

    public Builder maxCommitDelay(Duration delay) {
      maxCommitDelay = Objects.requireNonNull(delay);
      return this;
    }

    public Builder minFreeDiskBytes(long bytes) {
      minFreeDiskBytes = bytes;
      return this;
    }

    public Builder diskCheckInterval(Duration interval) {
      diskCheckInterval = Objects.requireNonNull(interval);
      return this;
    }

    public Builder diskCheckBytes(long bytes) {
      diskCheckBytes = bytes;
      return this;
    }

    public Builder meterRegistry(MeterRegistry registry) {
      meterRegistry = registry;
      return this;
    }

    Builder channelOpener(ChannelOpener opener) {
      channelOpener = Objects.requireNonNull(opener);
      return this;
    }

    Builder freeSpaceProbe(FreeSpaceProbe probe) {
      freeSpaceProbe = Objects.requireNonNull(probe);
      return this;
    }

    public LogConfig build() {
      return new LogConfig(this);
    }
  }
}
