package dev.millrace.engine.record;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads what {@link BinaryWriter} wrote; throws {@link CorruptDataException} on short input. */
public final class BinaryReader {

  private final byte[] buffer;
  private int offset;
  private final int end;

  public BinaryReader(byte[] buffer) {
    this(buffer, 0, buffer.length);
  }

  public BinaryReader(byte[] buffer, int offset, int length) {
    this.buffer = buffer;
    this.offset = offset;
    this.end = offset + length;
  }

  public boolean hasRemaining() {
    return offset < end;
  }

  public int offset() {
    return offset;
  }

  private void need(int n) {
    if (n < 0 || offset + n > end) {
      throw new CorruptDataException(
          "truncated data: need " + n + " bytes at offset " + offset + ", have " + (end - offset));
    }
  }

  public int readByte() {
    need(1);
    return buffer[offset++];
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public long readLong() {
    long result = 0;
    int shift = 0;
    while (true) {
      need(1);
      byte b = buffer[offset++];
      result |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        break;
      }
      shift += 7;
      if (shift > 63) {
        throw new CorruptDataException("malformed varint at offset " + offset);
      }
    }
    return (result >>> 1) ^ -(result & 1);
  }

  public int readInt() {
    return (int) readLong();
  }

  public long readFixedLong() {
    need(8);
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (buffer[offset++] & 0xFF);
    }
    return v;
  }

  public byte[] readBytes() {
    int n = readInt();
    if (n < 0) {
      return null;
    }
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buffer, offset, out, 0, n);
    offset += n;
    return out;
  }

  public String readString() {
    int n = readInt();
    if (n < 0) {
      return null;
    }
    need(n);
    String s = new String(buffer, offset, n, StandardCharsets.UTF_8);
    offset += n;
    return s;
  }

  public <E extends Enum<E>> E readEnum(E[] values) {
    int ordinal = readInt();
    if (ordinal == -1) {
      return null;
    }
    if (ordinal < 0 || ordinal >= values.length) {
      throw new CorruptDataException("unknown enum ordinal " + ordinal + " at offset " + offset);
    }
    return values[ordinal];
  }

  public Map<String, String> readStringMap() {
    int n = readInt();
    if (n == 0) {
      return Map.of();
    }
    Map<String, String> map = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      map.put(readString(), readString());
    }
    return Collections.unmodifiableMap(map);
  }

  public List<String> readStringList() {
    int n = readInt();
    List<String> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readString());
    }
    return List.copyOf(list);
  }

  public List<Long> readLongList() {
    int n = readInt();
    List<Long> list = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      list.add(readLong());
    }
    return List.copyOf(list);
  }
}
