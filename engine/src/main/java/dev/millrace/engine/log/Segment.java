package dev.millrace.engine.log;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One segment file. Its entry range and size are written by the writer thread and read by the
 * flusher and by readers, so they are volatile; the write channel is shared with the flusher, which
 * forces it and closes it once the segment is sealed and fully synced.
 */
final class Segment {

  /** Readers seek through an in-memory index with one entry per this many bytes of frames. */
  static final int INDEX_INTERVAL_BYTES = 64 * 1024;

  final Path file;
  final long basePosition;

  private volatile long lastPosition;
  private volatile long sizeBytes;
  private volatile boolean sealed;
  private volatile FileChannel writeChannel;
  private volatile boolean syncedInDirectory;

  // Sparse index: parallel arrays, grown by the writer (or recovery) under this object's monitor.
  private long[] indexPositions = new long[16];
  private long[] indexOffsets = new long[16];
  private int indexSize;
  private long lastIndexedOffset = -INDEX_INTERVAL_BYTES;

  Segment(
      Path file,
      long basePosition,
      long sizeBytes,
      FileChannel writeChannel,
      boolean syncedInDirectory) {
    this.file = file;
    this.basePosition = basePosition;
    this.lastPosition = basePosition - 1;
    this.sizeBytes = sizeBytes;
    this.writeChannel = writeChannel;
    this.syncedInDirectory = syncedInDirectory;
  }

  /** Position of the last entry written into this segment, {@code basePosition - 1} when empty. */
  long lastPosition() {
    return lastPosition;
  }

  boolean isEmpty() {
    return lastPosition < basePosition;
  }

  /** Bytes of this segment holding the header and whole frames. */
  long sizeBytes() {
    return sizeBytes;
  }

  FileChannel writeChannel() {
    return writeChannel;
  }

  /** Records a frame written (or found by recovery) at {@code offset}. */
  void appended(long firstPosition, long lastPosition, long offset, int frameBytes) {
    if (offset - lastIndexedOffset >= INDEX_INTERVAL_BYTES) {
      addToIndex(firstPosition, offset);
      lastIndexedOffset = offset;
    }
    this.sizeBytes = offset + frameBytes;
    this.lastPosition = lastPosition;
  }

  void seal() {
    sealed = true;
  }

  boolean isSealed() {
    return sealed;
  }

  /** Fsyncs the data written so far (fdatasync: the file size is data, other metadata is not). */
  void force() throws IOException {
    FileChannel channel = writeChannel;
    if (channel != null) {
      channel.force(false);
    }
  }

  boolean isSyncedInDirectory() {
    return syncedInDirectory;
  }

  void markSyncedInDirectory() {
    syncedInDirectory = true;
  }

  /** Makes this (recovered, last) segment the active one again. */
  void attachWriteChannel(FileChannel channel) {
    writeChannel = channel;
    sealed = false;
  }

  /** Closes the write channel; for a sealed segment after its final fsync, and at close. */
  void releaseWriteChannel() throws IOException {
    FileChannel channel = writeChannel;
    writeChannel = null;
    if (channel != null) {
      channel.close();
    }
  }

  private synchronized void addToIndex(long firstPosition, long offset) {
    if (indexSize == indexPositions.length) {
      indexPositions = Arrays.copyOf(indexPositions, indexSize * 2);
      indexOffsets = Arrays.copyOf(indexOffsets, indexSize * 2);
    }
    indexPositions[indexSize] = firstPosition;
    indexOffsets[indexSize] = offset;
    indexSize++;
  }

  /**
   * Where to start scanning for the first entry whose last position is at least {@code position}:
   * the indexed frame with the greatest first position not above it, else the first frame.
   *
   * @return {@code {firstPosition, offset}} of a frame boundary
   */
  synchronized long[] seekHint(long position) {
    int found = Arrays.binarySearch(indexPositions, 0, indexSize, position);
    int i = found >= 0 ? found : -found - 2;
    if (i < 0) {
      return new long[] {basePosition, LogFormat.SEGMENT_HEADER_BYTES};
    }
    return new long[] {indexPositions[i], indexOffsets[i]};
  }

  @Override
  public String toString() {
    return file.getFileName()
        + "["
        + basePosition
        + ".."
        + lastPosition
        + ", "
        + sizeBytes
        + " bytes]";
  }
}
