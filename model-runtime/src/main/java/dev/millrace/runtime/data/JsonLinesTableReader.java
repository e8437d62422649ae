package dev.millrace.runtime.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON Lines: one flat JSON object per line. The first object's keys are the header; a later object
 * may leave a key out (a missing value) but may not add one. Nested values are refused.
 */
final class JsonLinesTableReader implements TableReader {

  private static final JsonFactory JSON = new JsonFactory();

  private final BufferedReader in;
  private final List<String> header;
  private final Map<String, Integer> positions = new HashMap<>();
  private long line;
  private Row pending;

  JsonLinesTableReader(InputStream stream) {
    in =
        new BufferedReader(
            new InputStreamReader(
                stream,
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)),
            1 << 16);
    LinkedHashMap<String, long[]> first = new LinkedHashMap<>();
    List<String> firstValues = new ArrayList<>();
    String text = nextNonBlankLine();
    if (text == null) {
      throw new DataFormatException(1, 1, null, "the file is empty: expected JSON objects");
    }
    parseObject(text, first, firstValues);
    header = List.copyOf(first.keySet());
    for (int i = 0; i < header.size(); i++) {
      positions.put(header.get(i), i);
    }
    long[] columns = new long[header.size()];
    int i = 0;
    for (long[] at : first.values()) {
      columns[i++] = at[0];
    }
    pending = new Row(line, firstValues.toArray(String[]::new), columns);
  }

  @Override
  public List<String> header() {
    return header;
  }

  @Override
  public String describeFormat() {
    return "json-lines";
  }

  @Override
  public Row next() {
    if (pending != null) {
      Row row = pending;
      pending = null;
      return row;
    }
    String text = nextNonBlankLine();
    if (text == null) {
      return null;
    }
    LinkedHashMap<String, long[]> fields = new LinkedHashMap<>();
    List<String> values = new ArrayList<>();
    parseObject(text, fields, values);
    String[] ordered = new String[header.size()];
    long[] columns = new long[header.size()];
    int i = 0;
    for (Map.Entry<String, long[]> field : fields.entrySet()) {
      Integer position = positions.get(field.getKey());
      if (position == null) {
        throw new DataFormatException(
            line, field.getValue()[1], field.getKey(), "key is not in the first record's keys");
      }
      ordered[position] = values.get(i++);
      columns[position] = field.getValue()[0];
    }
    return new Row(line, ordered, columns);
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  private String nextNonBlankLine() {
    try {
      String text;
      do {
        text = in.readLine();
        line++;
        if (text != null && line == 1 && text.startsWith("\uFEFF")) {
          text = text.substring(1);
        }
      } while (text != null && text.isBlank());
      return text;
    } catch (CharacterCodingException e) {
      throw new DataFormatException(line + 1, 0, null, "not valid UTF-8 text");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Fills key -> [value column, key column] and the values as text (null for JSON null). */
  private void parseObject(String text, Map<String, long[]> fields, List<String> values) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        throw located(parser, null, "expected a JSON object");
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        long keyColumn = parser.currentTokenLocation().getColumnNr();
        JsonToken value = parser.nextToken();
        long valueColumn = parser.currentTokenLocation().getColumnNr();
        if (fields.containsKey(key)) {
          throw located(parser, key, "duplicate key");
        }
        String valueText =
            switch (value) {
              case VALUE_NULL -> null;
              case VALUE_STRING -> parser.getText().isBlank() ? null : parser.getText();
              case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE ->
                  parser.getText();
              default -> throw located(parser, key, "nested values are not supported");
            };
        fields.put(key, new long[] {valueColumn, keyColumn});
        values.add(valueText);
      }
      if (token != JsonToken.END_OBJECT) {
        throw located(parser, null, "expected a key or the end of the object");
      }
      if (parser.nextToken() != null) {
        throw located(parser, null, "more than one JSON value on the line");
      }
    } catch (JsonProcessingException e) {
      throw new DataFormatException(
          line,
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(),
          null,
          "invalid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private DataFormatException located(JsonParser parser, String key, String message) {
    return new DataFormatException(line, parser.currentTokenLocation().getColumnNr(), key, message);
  }
}
