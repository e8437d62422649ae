package dev.millrace.runtime.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hyper-parameters checked against an entry's JSON Schema (the subset the catalogue uses: {@code
 * type} integer/number/boolean/string/array, {@code minimum}, {@code maximum}, {@code enum}, {@code
 * items}, {@code minItems}, {@code maxItems}, {@code default}) with defaults filled in. Unknown
 * names and out-of-bounds values are refused with the field named.
 */
public final class Hyperparameters {

  private final ObjectNode values;

  private Hyperparameters(ObjectNode values) {
    this.values = values;
  }

  /**
   * Checks {@code given} (values as JSON-able objects, or strings from a command line such as
   * {@code "0.01"}, {@code "64,32"}, {@code "true"}) and fills in the schema's defaults.
   */
  public static Hyperparameters resolve(CatalogEntry entry, Map<String, ?> given) {
    JsonNode properties = entry.hyperparameterSchema().path("properties");
    ObjectNode resolved = JsonNodeFactory.instance.objectNode();
    for (Map.Entry<String, ?> value : given.entrySet()) {
      JsonNode schema = properties.get(value.getKey());
      if (schema == null) {
        throw new HyperparameterException(
            value.getKey(), "unknown for " + entry.id() + "; known: " + names(properties));
      }
      JsonNode node = coerce(value.getKey(), schema, value.getValue());
      check(value.getKey(), schema, node);
      resolved.set(value.getKey(), node);
    }
    Iterator<Map.Entry<String, JsonNode>> fields = properties.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      if (!resolved.has(field.getKey()) && field.getValue().has("default")) {
        resolved.set(field.getKey(), field.getValue().get("default"));
      }
    }
    return new Hyperparameters(resolved);
  }

  /** As {@link #resolve(CatalogEntry, Map)} from a JSON object. */
  public static Hyperparameters resolve(CatalogEntry entry, JsonNode given) {
    Map<String, Object> map = new LinkedHashMap<>();
    if (given != null && !given.isNull()) {
      if (!given.isObject()) {
        throw new HyperparameterException("(root)", "expected a JSON object");
      }
      given.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue()));
    }
    return resolve(entry, map);
  }

  private static String names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return String.join(", ", names);
  }

  private static JsonNode coerce(String field, JsonNode schema, Object value) {
    if (value instanceof JsonNode node) {
      return node;
    }
    if (!(value instanceof String text)) {
      return Json.MAPPER.valueToTree(value);
    }
    String type = schema.path("type").asText();
    try {
      return switch (type) {
        case "integer", "number" -> Json.MAPPER.readTree(text.strip());
        case "boolean" -> {
          if (!text.equalsIgnoreCase("true") && !text.equalsIgnoreCase("false")) {
            throw new HyperparameterException(field, "'" + text + "' is not true or false");
          }
          yield JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(text));
        }
        case "array" -> {
          ArrayNode array = JsonNodeFactory.instance.arrayNode();
          String items = text.strip().replaceAll("^\\[|]$", "");
          for (String item : items.split(",")) {
            if (!item.isBlank()) {
              array.add(coerce(field, schema.path("items"), item.strip()));
            }
          }
          yield array;
        }
        default -> JsonNodeFactory.instance.textNode(text);
      };
    } catch (JsonProcessingException e) {
      throw new HyperparameterException(field, "'" + text + "' is not a " + type);
    }
  }

  private static void check(String field, JsonNode schema, JsonNode value) {
    String type = schema.path("type").asText();
    switch (type) {
      case "integer" -> {
        if (!value.isIntegralNumber()) {
          throw new HyperparameterException(field, value + " is not an integer");
        }
      }
      case "number" -> {
        if (!value.isNumber()) {
          throw new HyperparameterException(field, value + " is not a number");
        }
      }
      case "boolean" -> {
        if (!value.isBoolean()) {
          throw new HyperparameterException(field, value + " is not true or false");
        }
      }
      case "string" -> {
        if (!value.isTextual()) {
          throw new HyperparameterException(field, value + " is not a string");
        }
      }
      case "array" -> {
        if (!value.isArray()) {
          throw new HyperparameterException(field, value + " is not an array");
        }
        if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
          throw new HyperparameterException(
              field, "needs at least " + schema.get("minItems").asInt() + " items");
        }
        if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
          throw new HyperparameterException(
              field, "takes at most " + schema.get("maxItems").asInt() + " items");
        }
        for (int i = 0; i < value.size(); i++) {
          check(field + "[" + i + "]", schema.path("items"), value.get(i));
        }
        return;
      }
      default -> throw new IllegalStateException("schema type " + type + " of " + field);
    }
    if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
      throw new HyperparameterException(
          field, value + " is below the minimum " + schema.get("minimum"));
    }
    if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
      throw new HyperparameterException(
          field, value + " is above the maximum " + schema.get("maximum"));
    }
    if (schema.has("enum")) {
      boolean allowed = false;
      for (JsonNode option : schema.get("enum")) {
        allowed |= option.equals(value);
      }
      if (!allowed) {
        throw new HyperparameterException(field, value + " is not one of " + schema.get("enum"));
      }
    }
  }

  public int getInt(String name) {
    return required(name).asInt();
  }

  public double getDouble(String name) {
    return required(name).asDouble();
  }

  public boolean getBoolean(String name) {
    return required(name).asBoolean();
  }

  public String getString(String name) {
    return required(name).asText();
  }

  public int[] getInts(String name) {
    JsonNode array = required(name);
    int[] ints = new int[array.size()];
    for (int i = 0; i < ints.length; i++) {
      ints[i] = array.get(i).asInt();
    }
    return ints;
  }

  public boolean has(String name) {
    return values.has(name);
  }

  /** The resolved values (defaults included), as recorded in the model card. */
  public ObjectNode asJson() {
    return values.deepCopy();
  }

  private JsonNode required(String name) {
    JsonNode value = values.get(name);
    if (value == null) {
      throw new IllegalStateException("hyper-parameter " + name + " has no value and no default");
    }
    return value;
  }
}
