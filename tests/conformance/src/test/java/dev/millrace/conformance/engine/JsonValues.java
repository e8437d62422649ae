package dev.millrace.conformance.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one JSON decoding every inspector uses, so that suites compare variable values the same way
 * whatever the engine: integral numbers decode as Integer (or Long when they do not fit), other
 * numbers as Double, objects as maps, arrays as lists.
 */
public final class JsonValues {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonValues() {}

  public static Object decode(String json) {
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("Not a JSON value: " + abbreviate(json), e);
    }
  }

  private static String abbreviate(String text) {
    return text.length() <= 200 ? text : text.substring(0, 200) + "...";
  }
}
