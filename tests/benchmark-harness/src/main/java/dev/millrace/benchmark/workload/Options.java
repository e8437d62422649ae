package dev.millrace.benchmark.workload;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --key=value} command-line options. Every key must be read (with its default) before {@link
 * #rejectUnknown()}, so a misspelt option fails the run instead of being ignored.
 */
public final class Options {

  private final Map<String, String> values = new LinkedHashMap<>();
  private final Set<String> known = new TreeSet<>();

  public Options(String[] args) {
    for (String arg : args) {
      if (!arg.startsWith("--")) {
        throw new IllegalArgumentException("expected --key=value, got '" + arg + "'");
      }
      int eq = arg.indexOf('=');
      String key = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
      values.put(key, eq < 0 ? "true" : arg.substring(eq + 1));
    }
  }

  public String string(String key, String defaultValue) {
    known.add(key);
    return values.getOrDefault(key, defaultValue);
  }

  public int integer(String key, int defaultValue) {
    String value = string(key, null);
    try {
      return value == null ? defaultValue : Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--" + key + " must be an integer, was '" + value + "'");
    }
  }

  public boolean flag(String key) {
    return Boolean.parseBoolean(string(key, "false"));
  }

  /** Fails on keys nobody asked for, naming them and the known ones. */
  public void rejectUnknown() {
    var unknown = new TreeSet<>(values.keySet());
    unknown.removeAll(known);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("unknown option(s) " + unknown + "; known: " + known);
    }
  }
}
