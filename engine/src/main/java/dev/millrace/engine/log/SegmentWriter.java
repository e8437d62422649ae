package dev.millrace.engine.log;

import static dev.millrace.engine.log.LogFormat.FRAME_CRC;
import static dev.millrace.engine.log.LogFormat.FRAME_HEADER_BYTES;
import static dev.millrace.engine.log.LogFormat.FRAME_LENGTH;
import static dev.millrace.engine.log.LogFormat.SEGMENT_HEADER_BYTES;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * The writer thread's side of the log: encodes frames into the active segment and starts a new
 * segment when the next frame would not fit. Writes go to the OS only; fsync is the committer's.
 */
final class SegmentWriter {

  // Frames up to this size are encoded into one direct buffer and written with one system call.
  private static final int FRAME_BUFFER_BYTES = 256 * 1024;

  private final Path directory;
  private final LogConfig config;
  private final Consumer<Segment> publish;
  private final ByteBuffer frameBuffer = ByteBuffer.allocateDirect(FRAME_BUFFER_BYTES);
  private final ByteBuffer headerBuffer = ByteBuffer.allocateDirect(FRAME_HEADER_BYTES);
  private final CRC32C crc = new CRC32C();
  private Segment active;

  /**
   * @param last the last recovered segment, to be the active one again; null for an empty log
   * @param publish makes a newly created segment visible to the committer and readers
   */
  SegmentWriter(Path directory, LogConfig config, Segment last, Consumer<Segment> publish)
      throws IOException {
    this.directory = directory;
    this.config = config;
    this.publish = publish;
    if (last != null) {
      FileChannel channel =
          config
              .channelOpener()
              .open(last.file, Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE));
      channel.position(last.sizeBytes());
      last.attachWriteChannel(channel);
      active = last;
    }
  }

  /** Writes one frame, first rolling to a new segment when it would not fit the active one. */
  void write(long firstPosition, long lastPosition, ByteBuffer payload) throws IOException {
    int frameBytes = FRAME_HEADER_BYTES + payload.remaining();
    if (active == null || active.sizeBytes() + frameBytes > config.segmentBytes()) {
      roll(firstPosition);
    }
    long offset = active.sizeBytes();
    writeFrame(active.writeChannel(), firstPosition, lastPosition, payload);
    active.appended(firstPosition, lastPosition, offset, frameBytes);
  }

  private void roll(long basePosition) throws IOException {
    Path file = directory.resolve(LogFormat.segmentFileName(basePosition));
    FileChannel channel =
        config
            .channelOpener()
            .open(
                file,
                Set.of(
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.READ,
                    StandardOpenOption.WRITE));
    try {
      writeFully(channel, LogFormat.segmentHeader(basePosition));
    } catch (IOException e) {
      channel.close();
      throw e;
    }
    Segment segment = new Segment(file, basePosition, SEGMENT_HEADER_BYTES, channel, false);
    Segment previous = active;
    publish.accept(segment);
    active = segment;
    if (previous != null) {
      // From here on the committer may close its channel after one more fsync.
      previous.seal();
    }
  }

  private void writeFrame(FileChannel channel, long first, long last, ByteBuffer payload)
      throws IOException {
    int length = payload.remaining();
    crc.reset();
    if (FRAME_HEADER_BYTES + length <= frameBuffer.capacity()) {
      ByteBuffer frame = frameBuffer.clear();
      frame.putInt(0).putInt(length).putLong(first).putLong(last).put(payload.duplicate()).flip();
      crc.update(frame.duplicate().position(FRAME_LENGTH));
      frame.putInt(FRAME_CRC, (int) crc.getValue());
      writeFully(channel, frame);
    } else {
      ByteBuffer header = headerBuffer.clear();
      header.putInt(0).putInt(length).putLong(first).putLong(last).flip();
      crc.update(header.duplicate().position(FRAME_LENGTH));
      crc.update(payload.duplicate());
      header.putInt(FRAME_CRC, (int) crc.getValue());
      ByteBuffer[] parts = {header, payload.duplicate()};
      long remaining = FRAME_HEADER_BYTES + (long) length;
      while (remaining > 0) {
        remaining -= channel.write(parts);
      }
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
    while (bytes.hasRemaining()) {
      channel.write(bytes);
    }
  }
}
