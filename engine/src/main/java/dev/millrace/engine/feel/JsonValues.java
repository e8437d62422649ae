package dev.millrace.engine.feel;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.Period;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one JSON mapping of the engine. Variables are stored as JSON text; FEEL works on Java values;
 * this converts between them. Temporal FEEL values become ISO-8601 strings, as Zeebe writes them.
 */
public final class JsonValues {

  /**
   * Deeper documents are refused when they arrive; FEEL's value mapping recurses per level, and a
   * document a client may send (up to 1,000 levels) must not be able to overflow a stack.
   */
  public static final int MAX_NESTING_DEPTH = 256;

  private static final ObjectMapper MAPPER =
      new ObjectMapper(
          com.fasterxml.jackson.core.JsonFactory.builder()
              .streamReadConstraints(
                  com.fasterxml.jackson.core.StreamReadConstraints.builder()
                      .maxNestingDepth(MAX_NESTING_DEPTH)
                      .build())
              .build());

  private JsonValues() {}

  public static ObjectMapper mapper() {
    return MAPPER;
  }

  /** Decodes JSON text to maps, lists, strings, numbers, booleans and null. */
  public static Object parse(String json) {
    try {
      return MAPPER.readValue(json, Object.class);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "not valid JSON: " + e.getOriginalMessage() + " at " + location(e), e);
    }
  }

  /**
   * Decodes a JSON document that must be an object (variables of a request). Empty or blank text
   * counts as no variables.
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String json) {
    if (json == null || json.isBlank()) {
      return Map.of();
    }
    Object value = parse(json);
    if (value == null) {
      return Map.of();
    }
    if (!(value instanceof Map<?, ?> map)) {
      throw new IllegalArgumentException(
          "expected a JSON object of variables, but got "
              + typeName(value)
              + ": "
              + abbreviate(json));
    }
    return (Map<String, Object>) map;
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(toJsonCompatible(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write value as JSON: " + e.getMessage(), e);
    }
  }

  /** Converts FEEL results (Scala wrappers, java.time values) to plain JSON-compatible values. */
  public static Object toJsonCompatible(Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof Number) {
      if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return null;
      }
      return value;
    }
    if (value instanceof Map<?, ?> map) {
      var out = new LinkedHashMap<String, Object>();
      map.forEach((k, v) -> out.put(String.valueOf(k), toJsonCompatible(v)));
      return out;
    }
    if (value instanceof Iterable<?> list) {
      var out = new ArrayList<Object>();
      list.forEach(v -> out.add(toJsonCompatible(v)));
      return out;
    }
    return switch (value) {
      case ZonedDateTime z -> z.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case OffsetDateTime o -> o.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
      case LocalDateTime l -> l.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
      case LocalDate d -> d.toString();
      case LocalTime t -> t.toString();
      case OffsetTime t -> t.toString();
      case Duration d -> d.toString();
      case Period p -> p.toString();
      default -> value.toString();
    };
  }

  public static String typeName(Object value) {
    return switch (value) {
      case null -> "NULL";
      case String s -> "STRING";
      case Boolean b -> "BOOLEAN";
      case Number n -> "NUMBER";
      case Map<?, ?> m -> "CONTEXT";
      case List<?> l -> "LIST";
      case Iterable<?> l -> "LIST";
      case Duration d -> "DAYS_TIME_DURATION";
      case Period p -> "YEARS_MONTHS_DURATION";
      case ZonedDateTime z -> "DATE_TIME";
      case OffsetDateTime z -> "DATE_TIME";
      case LocalDateTime z -> "DATE_TIME";
      case LocalDate d -> "DATE";
      default -> value.getClass().getSimpleName().toUpperCase();
    };
  }

  private static String location(JsonProcessingException e) {
    var loc = e.getLocation();
    return loc == null ? "?" : "line " + loc.getLineNr() + ", column " + loc.getColumnNr();
  }

  private static String abbreviate(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
