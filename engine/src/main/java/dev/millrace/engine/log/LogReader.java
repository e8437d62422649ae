package dev.millrace.engine.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads committed entries in order, from any thread (one thread at a time per reader), while the
 * writer appends. {@link #hasNext()} looks at the committed position each time it is called, so a
 * reader can tail the log: when it answers false, call it again later. Entries are never returned
 * before they are committed.
 *
 * <p>I/O errors surface as {@link UncheckedIOException}; damaged data as an {@link
 * UncheckedIOException} wrapping a {@link CorruptLogException}.
 */
public final class LogReader implements Iterator<LogEntry>, AutoCloseable {

  private static final int BUFFER_BYTES = 64 * 1024;

  private final SegmentedLog log;
  private final FrameReader frames = new FrameReader(BUFFER_BYTES);
  private Segment segment; // null until positioned
  private FileChannel channel;
  private long offset; // of the next frame in segment
  private long nextPosition; // first position of the next frame
  private long fromPosition; // entries ending below it are skipped
  private LogEntry next;
  private boolean closed;

  LogReader(SegmentedLog log, long fromPosition) {
    this.log = log;
    this.fromPosition = fromPosition;
  }

  /**
   * Repositions: the next entry returned is the first whose last position is at least {@code
   * position} (the entry containing it, when {@code position} falls inside a multi-record entry).
   */
  public void seek(long position) {
    checkOpen();
    fromPosition = position;
    next = null;
    segment = null;
    closeChannel();
  }

  /** True when a committed entry is ready; false means none yet (the writer may add more later). */
  @Override
  public boolean hasNext() {
    checkOpen();
    if (next == null) {
      try {
        next = readNext();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return next != null;
  }

  @Override
  public LogEntry next() {
    if (!hasNext()) {
      throw new NoSuchElementException(
          "no committed entry after position " + (nextPosition - 1) + " yet");
    }
    LogEntry entry = next;
    next = null;
    return entry;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      closeChannel();
      log.readerClosed(this);
    }
  }

  private LogEntry readNext() throws IOException {
    while (true) {
      long committed = log.committedPosition();
      if (segment == null && !positionAt(fromPosition)) {
        return null;
      }
      if (nextPosition > committed) {
        return null;
      }
      if (nextPosition > segment.lastPosition()) {
        moveToFollowingSegment();
        continue;
      }
      frames.prepareFor(nextPosition, committed);
      String problem = frames.read(offset, segment.sizeBytes());
      if (problem == null && frames.firstPosition() != nextPosition) {
        problem = "frame holds positions " + frames.firstPosition() + ".." + frames.lastPosition();
      }
      if (problem != null) {
        throw new CorruptLogException(segment.file, offset, nextPosition, problem);
      }
      offset += frames.frameBytes();
      nextPosition = frames.lastPosition() + 1;
      if (frames.lastPosition() >= fromPosition) {
        return new LogEntry(frames.firstPosition(), frames.lastPosition(), frames.payload());
      }
    }
  }

  /** Finds the segment and frame to start from; false when the log holds nothing yet. */
  private boolean positionAt(long position) throws IOException {
    for (int attempt = 0; ; attempt++) {
      Segment[] segments = log.segments();
      if (segments.length == 0 || log.lastAppendedPosition() == 0) {
        return false;
      }
      int i = segments.length - 1;
      while (i > 0 && segments[i].basePosition > position) {
        i--;
      }
      Segment candidate = segments[i];
      try {
        open(candidate);
      } catch (NoSuchFileException e) {
        if (attempt < 3) {
          continue; // deleted by deleteUntil since we looked: look again
        }
        throw e;
      }
      long[] hint = candidate.seekHint(position);
      nextPosition = hint[0];
      offset = hint[1];
      return true;
    }
  }

  private void moveToFollowingSegment() throws IOException {
    Segment following = null;
    for (Segment candidate : log.segments()) {
      if (candidate.basePosition > segment.basePosition) {
        following = candidate;
        break;
      }
    }
    if (following == null || following.basePosition != nextPosition) {
      throw new IllegalStateException(
          "Entries from position "
              + nextPosition
              + " were deleted (deleteUntil) before this reader read them; the log now starts at "
              + log.firstPosition());
    }
    try {
      open(following);
    } catch (NoSuchFileException e) {
      throw new IllegalStateException(
          "Entries from position "
              + nextPosition
              + " were deleted (deleteUntil) before this reader read them",
          e);
    }
    offset = LogFormat.SEGMENT_HEADER_BYTES;
  }

  private void open(Segment target) throws IOException {
    FileChannel opened = FileChannel.open(target.file, StandardOpenOption.READ);
    closeChannel();
    channel = opened;
    segment = target;
    frames.use(opened);
  }

  private void closeChannel() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // read-only channel: nothing was lost
      }
      channel = null;
    }
  }

  private void checkOpen() {
    if (closed || log.isClosed()) {
      throw new IllegalStateException(
          "reader closed (or its log " + log.directory() + " was closed)");
    }
  }
}
