package dev.millrace.benchmark.workload;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One side's figures. Travels from the side's JVM to the driver as one tab-separated {@code RESULT}
 * line on standard output.
 */
public record Result(
    String engine,
    String settings,
    double completedPerSecond,
    double saturationP50Millis,
    double saturationP99Millis,
    int rate,
    double rateCompletedPerSecond,
    double rateP50Millis,
    double rateP99Millis,
    double pushP50Millis,
    double pushP99Millis,
    double pushMaxMillis,
    double ackP99Millis,
    double jobToWorkerP50Millis,
    double jobToWorkerP99Millis,
    long instances,
    long failed,
    long duplicates,
    long lost,
    String firstFailure,
    String loadBefore,
    String loadAfter) {

  static final String PREFIX = "RESULT\t";

  public boolean clean() {
    return failed == 0 && duplicates == 0 && lost == 0;
  }

  public String toLine() {
    var fields = new LinkedHashMap<String, Object>();
    fields.put("engine", engine);
    fields.put("settings", settings);
    fields.put("completedPerSecond", completedPerSecond);
    fields.put("saturationP50Millis", saturationP50Millis);
    fields.put("saturationP99Millis", saturationP99Millis);
    fields.put("rate", rate);
    fields.put("rateCompletedPerSecond", rateCompletedPerSecond);
    fields.put("rateP50Millis", rateP50Millis);
    fields.put("rateP99Millis", rateP99Millis);
    fields.put("pushP50Millis", pushP50Millis);
    fields.put("pushP99Millis", pushP99Millis);
    fields.put("pushMaxMillis", pushMaxMillis);
    fields.put("ackP99Millis", ackP99Millis);
    fields.put("jobToWorkerP50Millis", jobToWorkerP50Millis);
    fields.put("jobToWorkerP99Millis", jobToWorkerP99Millis);
    fields.put("instances", instances);
    fields.put("failed", failed);
    fields.put("duplicates", duplicates);
    fields.put("lost", lost);
    fields.put("firstFailure", firstFailure == null ? "" : firstFailure);
    fields.put("loadBefore", loadBefore);
    fields.put("loadAfter", loadAfter);
    var line = new StringBuilder(PREFIX);
    fields.forEach(
        (key, value) ->
            line.append(key)
                .append('=')
                .append(
                    value instanceof Double d
                        ? String.format(Locale.ROOT, "%.3f", d)
                        : String.valueOf(value).replace('\t', ' ').replace('\n', ' '))
                .append('\t'));
    return line.toString().stripTrailing();
  }

  /** The result in {@code line}, or null when the line is not a result line. */
  public static Result parse(String line) {
    if (!line.startsWith(PREFIX)) {
      return null;
    }
    Map<String, String> f = new LinkedHashMap<>();
    for (String field : line.substring(PREFIX.length()).split("\t")) {
      int eq = field.indexOf('=');
      f.put(field.substring(0, eq), field.substring(eq + 1));
    }
    return new Result(
        f.get("engine"),
        f.get("settings"),
        Double.parseDouble(f.get("completedPerSecond")),
        Double.parseDouble(f.get("saturationP50Millis")),
        Double.parseDouble(f.get("saturationP99Millis")),
        Integer.parseInt(f.get("rate")),
        Double.parseDouble(f.get("rateCompletedPerSecond")),
        Double.parseDouble(f.get("rateP50Millis")),
        Double.parseDouble(f.get("rateP99Millis")),
        Double.parseDouble(f.get("pushP50Millis")),
        Double.parseDouble(f.get("pushP99Millis")),
        Double.parseDouble(f.get("pushMaxMillis")),
        Double.parseDouble(f.get("ackP99Millis")),
        Double.parseDouble(f.get("jobToWorkerP50Millis")),
        Double.parseDouble(f.get("jobToWorkerP99Millis")),
        Long.parseLong(f.get("instances")),
        Long.parseLong(f.get("failed")),
        Long.parseLong(f.get("duplicates")),
        Long.parseLong(f.get("lost")),
        f.getOrDefault("firstFailure", ""),
        f.get("loadBefore"),
        f.get("loadAfter"));
  }
}
