package dev.millrace.engine.log;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of log segments (documented in engine/README.md, "Log and snapshots"). All
 * numbers are big-endian.
 *
 * <pre>
 * segment header (32 bytes): magic "MILLRLOG" (8) | format version (4) | flags, 0 (4)
 *                            | base position (8) | reserved, 0 (4) | CRC32C of bytes 0..27 (4)
 * frame (24 + n bytes):      CRC32C of bytes 4..24+n (4) | payload length n (4)
 *                            | first position (8) | last position (8) | payload (n)
 * </pre>
 */
final class LogFormat {

  static final long SEGMENT_MAGIC = 0x4D494C4C524C4F47L; // "MILLRLOG"
  static final int FORMAT_VERSION = 1;
  static final int SEGMENT_HEADER_BYTES = 32;
  static final int FRAME_HEADER_BYTES = 24;

  /** Frame field offsets, relative to the frame start. */
  static final int FRAME_CRC = 0;

  static final int FRAME_LENGTH = 4;
  static final int FRAME_FIRST = 8;
  static final int FRAME_LAST = 16;

  private static final String SEGMENT_SUFFIX = ".seg";
  private static final Pattern SEGMENT_NAME = Pattern.compile("(\\d{20})\\.seg");

  private LogFormat() {}

  static String segmentFileName(long basePosition) {
    return String.format("%020d%s", basePosition, SEGMENT_SUFFIX);
  }

  /** The base position a segment file name encodes, or -1 when the name is not a segment's. */
  static long basePositionOf(Path file) {
    Matcher matcher = SEGMENT_NAME.matcher(file.getFileName().toString());
    return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
  }

  static ByteBuffer segmentHeader(long basePosition) {
    ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER_BYTES);
    header.putLong(SEGMENT_MAGIC).putInt(FORMAT_VERSION).putInt(0).putLong(basePosition).putInt(0);
    header.putInt(crc32c(header.array(), 0, SEGMENT_HEADER_BYTES - 4));
    return header.flip();
  }

  /**
   * Checks a segment header read from disk.
   *
   * @return null when valid, else why not
   */
  static String checkSegmentHeader(ByteBuffer header, long expectedBase) {
    if (header.remaining() < SEGMENT_HEADER_BYTES) {
      return "segment header incomplete ("
          + header.remaining()
          + " of "
          + SEGMENT_HEADER_BYTES
          + " bytes)";
    }
    int start = header.position();
    long magic = header.getLong(start);
    if (magic != SEGMENT_MAGIC) {
      return String.format("bad segment magic 0x%016x", magic);
    }
    int crc = header.getInt(start + SEGMENT_HEADER_BYTES - 4);
    if (crc != crc32c(header.duplicate().limit(start + SEGMENT_HEADER_BYTES - 4))) {
      return "segment header checksum mismatch";
    }
    int version = header.getInt(start + 8);
    if (version != FORMAT_VERSION) {
      return "unsupported segment format version "
          + version
          + " (this build reads "
          + FORMAT_VERSION
          + ")";
    }
    long base = header.getLong(start + 16);
    if (base != expectedBase) {
      return "segment header says base position "
          + base
          + " but the file name says "
          + expectedBase;
    }
    return null;
  }

  static int crc32c(byte[] bytes, int offset, int length) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, offset, length);
    return (int) crc.getValue();
  }

  /** Checksum of the buffer's remaining bytes; the buffer's position is not moved. */
  static int crc32c(ByteBuffer bytes) {
    CRC32C crc = new CRC32C();
    crc.update(bytes.duplicate());
    return (int) crc.getValue();
  }
}
