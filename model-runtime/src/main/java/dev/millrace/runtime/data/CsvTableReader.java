package dev.millrace.runtime.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4180 CSV: header row, quoted fields (with doubled quotes and line breaks inside), CRLF or LF,
 * UTF-8 with or without a byte-order mark. The delimiter is detected from the first lines among
 * comma, semicolon, tab and pipe.
 */
final class CsvTableReader implements TableReader {

  private static final char[] CANDIDATES = {',', ';', '\t', '|'};
  private static final int SNIFF_CHARS = 1 << 16;

  private final BufferedReader in;
  private final char delimiter;
  private final List<String> header;
  private long line = 1;
  private long column = 1;
  private int pushedBack = -2;
  private long previousColumn = 1;
  private long recordEndColumn = 1;
  // Own buffer: BufferedReader.read() takes a lock per character.
  private final char[] buffer = new char[1 << 16];
  private int position;
  private int limit;

  CsvTableReader(InputStream stream) {
    this.in =
        new BufferedReader(
            new InputStreamReader(
                stream,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            1 << 16);
    try {
      in.mark(SNIFF_CHARS + 1);
      char[] head = new char[SNIFF_CHARS];
      int length = in.read(head, 0, SNIFF_CHARS);
      in.reset();
      if (length > 0 && head[0] == '\uFEFF') {
        in.read(); // the byte-order mark is not part of the first field
      }
      String sample = length <= 0 ? "" : new String(head, 0, length);
      this.delimiter = detectDelimiter(sample);
      Row first = readRecord();
      if (first == null) {
        throw new DataFormatException(1, 1, null, "the file is empty: expected a header row");
      }
      header = checkHeader(first);
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public String describeFormat() {
    return "csv (delimiter " + (delimiter == '\t' ? "tab" : "'" + delimiter + "'") + ")";
  }

  @Override
  public Row next() {
    try {
      Row row = readRecord();
      if (row != null && row.values().length != header.size()) {
        int found = row.values().length;
        long where = found > header.size() ? row.columnOf(header.size()) : recordEndColumn;
        throw new DataFormatException(
            row.line(),
            where,
            null,
            "expected " + header.size() + " fields as in the header, found " + found);
      }
      return row;
    } catch (IOException e) {
      throw failure(e);
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private DataFormatException failure(IOException e) {
    if (e instanceof CharacterCodingException) {
      return new DataFormatException(line, column, null, "not valid UTF-8 text");
    }
    throw new UncheckedIOException(e);
  }

  private List<String> checkHeader(Row first) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < first.values().length; i++) {
      String name = first.values()[i] == null ? "" : first.values()[i].strip();
      if (name.isEmpty()) {
        throw new DataFormatException(first.line(), first.columnOf(i), null, "empty column name");
      }
      if (names.contains(name)) {
        throw new DataFormatException(
            first.line(), first.columnOf(i), name, "duplicate column name");
      }
      names.add(name);
    }
    return List.copyOf(names);
  }

  /** Picks the candidate that splits the sampled lines into the same, largest number of fields. */
  static char detectDelimiter(String sample) {
    String[] lines = sample.split("\r?\n", 21);
    int usable = Math.max(1, lines.length - 1); // the last piece may be a cut-off line
    char best = ',';
    int bestFields = 1;
    for (char candidate : CANDIDATES) {
      int first = countFields(lines[0], candidate);
      boolean consistent = true;
      for (int i = 1; i < usable && i < lines.length; i++) {
        if (!lines[i].isEmpty() && countFields(lines[i], candidate) != first) {
          consistent = false;
        }
      }
      if (consistent && first > bestFields) {
        best = candidate;
        bestFields = first;
      }
    }
    return best;
  }

  private static int countFields(String line, char delimiter) {
    int fields = 1;
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == delimiter && !quoted) {
        fields++;
      }
    }
    return fields;
  }

  private int read() throws IOException {
    int c;
    if (pushedBack != -2) {
      c = pushedBack;
      pushedBack = -2;
    } else {
      if (position == limit) {
        limit = in.read(buffer, 0, buffer.length);
        position = 0;
        if (limit <= 0) {
          limit = 0;
          return -1;
        }
      }
      c = buffer[position++];
    }
    previousColumn = column;
    if (c == '\n') {
      line++;
      column = 1;
    } else if (c != -1) {
      column++;
    }
    return c;
  }

  private void unread(int c) {
    pushedBack = c;
    if (c == '\n') {
      line--; // only ever after a '\r', whose column no one reads again
    } else if (c != -1) {
      column--;
    }
  }

  /** Reads one record, skipping blank lines; null at the end of the input. */
  private Row readRecord() throws IOException {
    int c = read();
    while (c == '\n' || c == '\r') {
      c = read();
    }
    if (c == -1) {
      return null;
    }
    unread(c);
    long recordLine = line;
    List<String> values = new ArrayList<>();
    long[] columns = new long[8];
    StringBuilder field = new StringBuilder();
    while (true) {
      if (values.size() == columns.length) {
        columns = Arrays.copyOf(columns, columns.length * 2);
      }
      columns[values.size()] = column;
      field.setLength(0);
      c = read();
      boolean wasQuoted = false;
      if (c == '"') {
        wasQuoted = true;
        long openLine = line;
        long openColumn = column - 1;
        while (true) {
          c = read();
          if (c == -1) {
            throw new DataFormatException(
                openLine, openColumn, null, "quoted field is never closed");
          }
          if (c == '"') {
            int after = read();
            if (after == '"') {
              field.append('"');
              continue;
            }
            c = after;
            break;
          }
          field.append((char) c);
        }
        if (c != delimiter && c != '\n' && c != '\r' && c != -1) {
          throw new DataFormatException(
              line, column - 1, null, "unexpected character after a closing quote");
        }
      } else {
        while (c != delimiter && c != '\n' && c != '\r' && c != -1) {
          field.append((char) c);
          if (pushedBack == -2) {
            // The rest of the field within the buffer in one step: same characters and column
            // count as read() one at a time, without its bookkeeping per character.
            int start = position;
            while (position < limit
                && buffer[position] != delimiter
                && buffer[position] != '\n'
                && buffer[position] != '\r') {
              position++;
            }
            field.append(buffer, start, position - start);
            column += position - start;
          }
          c = read();
        }
      }
      values.add(wasQuoted && !field.isEmpty() ? field.toString() : missingOrValue(field));
      if (c == delimiter) {
        continue;
      }
      recordEndColumn = c == '\n' ? previousColumn : column - (c == -1 ? 0 : 1);
      if (c == '\r') {
        int next = read();
        if (next != '\n') {
          unread(next);
        }
      }
      return new Row(
          recordLine, values.toArray(String[]::new), Arrays.copyOf(columns, values.size()));
    }
  }

  private static String missingOrValue(StringBuilder field) {
    String value = field.toString().strip();
    return value.isEmpty() ? null : value;
  }
}
