package dev.millrace.benchmark;

import dev.millrace.benchmark.workload.Result;
import dev.millrace.benchmark.workload.Workload;
import java.util.List;
import java.util.Locale;

/** The benchmark's printed table: one row per side and run, then ratios and targets. */
final class Report {

  private Report() {}

  /** {@code runs} holds, per run, the Millrace result then the Operaton result. */
  static String table(Workload workload, List<List<Result>> runs) {
    var out = new StringBuilder();
    line(
        out,
        "Engine benchmark: one-service-task process, durable storage, %d instances in flight at"
            + " saturation (%d s after %d s warm-up), then %d/s for %d s (after %d s settling)",
        workload.window(),
        workload.saturation().toSeconds(),
        workload.warmup().toSeconds(),
        workload.ratePerSecond(),
        workload.rateMeasure().toSeconds(),
        workload.rateSettle().toSeconds());
    line(
        out,
        "Latencies start when the creation was due (client side): create-to-complete ends when"
            + " the worker's completion is confirmed, push when the worker receives the job.");
    line(out, "");
    line(
        out,
        "%-4s %-9s %12s %9s %9s | %9s %9s %9s %9s %9s | %6s %6s %s",
        "run",
        "engine",
        "completed/s",
        "c2c p50",
        "c2c p99",
        "done/s",
        "c2c p50",
        "c2c p99",
        "push p50",
        "push p99",
        "errors",
        "load",
        "");
    line(
        out,
        "%-4s %-9s %12s %9s %9s | %-49s | %6s %6s",
        "",
        "",
        "(saturated)",
        "ms",
        "ms",
        "at " + workload.ratePerSecond() + " instances/s, ms",
        "",
        "1-min");
    for (int run = 0; run < runs.size(); run++) {
      for (var result : runs.get(run)) {
        line(
            out,
            "%-4d %-9s %12.0f %9.1f %9.1f | %9.0f %9.1f %9.1f %9.1f %9.1f | %6d %6s",
            run + 1,
            result.engine(),
            result.completedPerSecond(),
            result.saturationP50Millis(),
            result.saturationP99Millis(),
            result.rateCompletedPerSecond(),
            result.rateP50Millis(),
            result.rateP99Millis(),
            result.pushP50Millis(),
            result.pushP99Millis(),
            result.failed() + result.duplicates() + result.lost(),
            result.loadBefore() + "-" + result.loadAfter());
      }
    }
    line(out, "");
    for (int run = 0; run < runs.size(); run++) {
      var millrace = runs.get(run).get(0);
      var operaton = runs.get(run).get(1);
      double ratio = millrace.completedPerSecond() / operaton.completedPerSecond();
      line(
          out,
          "run %d: ratio Millrace/Operaton completed/s = %.2f [target > 1: %s];"
              + " Millrace %.0f/s [target >= %.0f: %s]; push p99 at %d/s %.1f ms [target <= %.0f"
              + " ms: %s]",
          run + 1,
          ratio,
          verdict(ratio > 1),
          millrace.completedPerSecond(),
          EngineBenchmark.TARGET_COMPLETED_PER_SECOND,
          verdict(millrace.completedPerSecond() >= EngineBenchmark.TARGET_COMPLETED_PER_SECOND),
          millrace.rate(),
          millrace.pushP99Millis(),
          EngineBenchmark.TARGET_PUSH_P99_MILLIS,
          verdict(millrace.pushP99Millis() <= EngineBenchmark.TARGET_PUSH_P99_MILLIS));
    }
    for (var result : runs.getFirst()) {
      line(out, "%s: %s", result.engine(), result.settings());
    }
    for (var run : runs) {
      for (var result : run) {
        if (!result.clean()) {
          line(
              out,
              "%s: %d failed, %d duplicate deliveries, %d lost; first failure: %s",
              result.engine(),
              result.failed(),
              result.duplicates(),
              result.lost(),
              result.firstFailure());
        }
      }
    }
    return out.toString();
  }

  private static String verdict(boolean met) {
    return met ? "met" : "MISSED";
  }

  private static void line(StringBuilder out, String format, Object... args) {
    out.append(String.format(Locale.ROOT, format, args)).append('\n');
  }
}
