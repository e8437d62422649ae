package dev.millrace.engine.log;

import static dev.millrace.engine.log.LogFormat.FRAME_CRC;
import static dev.millrace.engine.log.LogFormat.FRAME_FIRST;
import static dev.millrace.engine.log.LogFormat.FRAME_HEADER_BYTES;
import static dev.millrace.engine.log.LogFormat.FRAME_LAST;
import static dev.millrace.engine.log.LogFormat.FRAME_LENGTH;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

/**
 * Reads and checks frames of one segment file through a buffer, so that sequential reading costs
 * one system call per buffer rather than per entry. After a successful {@link #read} the frame's
 * fields are available until the next call.
 */
final class FrameReader {

  private final ByteBuffer buffer;
  private final CRC32C crc = new CRC32C();
  private FileChannel channel;
  private long bufferOffset; // file offset of buffer[0]; the buffer holds [bufferOffset, +limit)
  // Tailing readers: the committed position when the buffer was filled. Frames beyond it may have
  // been read half-written, so they are read again rather than trusted.
  private long committedAtFill = Long.MAX_VALUE;
  private long committedNow = Long.MAX_VALUE;

  private long firstPosition;
  private long lastPosition;
  private int payloadLength;
  private long frameOffset;
  private byte[]
      largePayload; // payload of a frame larger than the buffer, read straight from the file

  FrameReader(int bufferBytes) {
    buffer = ByteBuffer.allocateDirect(bufferBytes);
    buffer.limit(0);
  }

  void use(FileChannel channel) {
    this.channel = channel;
    invalidate();
  }

  /** Forgets buffered bytes, so that the next read goes to the file. */
  void invalidate() {
    buffer.clear().limit(0);
    bufferOffset = 0;
  }

  /**
   * For readers that run while the writer appends: the next frame to read starts at {@code
   * position}, which is committed ({@code committed} is at least it). Buffered bytes filled before
   * it was committed may hold a torn copy, so they are dropped.
   */
  void prepareFor(long position, long committed) {
    if (position > committedAtFill) {
      invalidate();
    }
    committedNow = committed;
  }

  /**
   * Reads the frame starting at {@code offset} of a file whose meaningful bytes end at {@code
   * limit}.
   *
   * @return null when the frame is whole and its checksum matches, else what is wrong with it
   */
  String read(long offset, long limit) throws IOException {
    largePayload = null;
    frameOffset = offset;
    long available = limit - offset;
    if (available < FRAME_HEADER_BYTES) {
      return available <= 0
          ? "no frame: end of data"
          : "incomplete frame header ("
              + available
              + " of "
              + FRAME_HEADER_BYTES
              + " bytes before the end)";
    }
    fill(offset, FRAME_HEADER_BYTES);
    int at = (int) (offset - bufferOffset);
    int storedCrc = buffer.getInt(at + FRAME_CRC);
    int length = buffer.getInt(at + FRAME_LENGTH);
    long first = buffer.getLong(at + FRAME_FIRST);
    long last = buffer.getLong(at + FRAME_LAST);
    if (storedCrc == 0 && length == 0 && first == 0 && last == 0) {
      return "zero-filled space where a frame header should be";
    }
    if (length < 0 || length > available - FRAME_HEADER_BYTES) {
      return "frame length "
          + length
          + " does not fit the "
          + (available - FRAME_HEADER_BYTES)
          + " bytes that follow";
    }
    crc.reset();
    int frameBytes = FRAME_HEADER_BYTES + length;
    if (frameBytes <= buffer.capacity()) {
      fill(offset, frameBytes);
      at = (int) (offset - bufferOffset);
      crc.update(buffer.duplicate().position(at + FRAME_LENGTH).limit(at + frameBytes));
    } else {
      crc.update(buffer.duplicate().position(at + FRAME_LENGTH).limit(at + FRAME_HEADER_BYTES));
      largePayload = new byte[length];
      readFully(ByteBuffer.wrap(largePayload), offset + FRAME_HEADER_BYTES);
      crc.update(largePayload);
    }
    if ((int) crc.getValue() != storedCrc) {
      largePayload = null;
      return "checksum mismatch";
    }
    firstPosition = first;
    lastPosition = last;
    payloadLength = length;
    return null;
  }

  long firstPosition() {
    return firstPosition;
  }

  long lastPosition() {
    return lastPosition;
  }

  int frameBytes() {
    return FRAME_HEADER_BYTES + payloadLength;
  }

  /** A copy of the payload of the frame last read successfully. */
  byte[] payload() {
    if (largePayload != null) {
      return largePayload;
    }
    byte[] copy = new byte[payloadLength];
    buffer.get((int) (frameOffset - bufferOffset) + FRAME_HEADER_BYTES, copy);
    return copy;
  }

  /** Makes the buffer hold at least {@code bytes} bytes from {@code offset}, reading if needed. */
  private void fill(long offset, int bytes) throws IOException {
    if (offset >= bufferOffset && offset + bytes <= bufferOffset + buffer.limit()) {
      return;
    }
    buffer.clear();
    bufferOffset = offset;
    committedAtFill = committedNow;
    while (buffer.position() < bytes) {
      int read = channel.read(buffer, offset + buffer.position());
      if (read < 0) {
        buffer.flip();
        throw new EOFException(
            "file ends at " + (offset + buffer.limit()) + " inside a frame at " + frameOffset);
      }
    }
    buffer.flip();
  }

  private void readFully(ByteBuffer target, long offset) throws IOException {
    while (target.hasRemaining()) {
      if (channel.read(target, offset + target.position()) < 0) {
        throw new EOFException("file ends inside a frame at " + frameOffset);
      }
    }
  }
}
