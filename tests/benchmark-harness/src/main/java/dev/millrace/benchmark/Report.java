package dev.millrace.benchmark;

import dev.millrace.benchmark.workload.Result;
import dev.millrace.benchmark.workload.Workload;
import java.util.List;
import java.util.Locale;

/** The benchmark's printed tables: one row per side and run, then ratios and targets. */
final class Report {

  private Report() {}

  /** {@code runs} holds, per run, the Millrace result then the Operaton result. */
  static String table(Workload workload, List<List<Result>> runs) {
    var out = new StringBuilder();
    line(
        out,
        "Engine benchmark: one-service-task process, durable storage, same load generator for"
            + " both engines. Latencies in ms; c2c = create-to-complete.");
    line(out, "");
    line(
        out,
        "Saturated: at most %d instances in flight, %d s measured after %d s warm-up",
        workload.window(),
        workload.saturation().toSeconds(),
        workload.warmup().toSeconds());
    line(
        out,
        "%-4s %-9s %12s %9s %9s %7s  %s",
        "run",
        "engine",
        "completed/s",
        "c2c p50",
        "c2c p99",
        "errors",
        "load (1-min, before -> after)");
    for (int run = 0; run < runs.size(); run++) {
      for (var r : runs.get(run)) {
        line(
            out,
            "%-4d %-9s %12.0f %9.1f %9.1f %7d  %s",
            run + 1,
            r.engine(),
            r.completedPerSecond(),
            r.saturationP50Millis(),
            r.saturationP99Millis(),
            r.failed() + r.duplicates() + r.lost(),
            r.loadBefore() + " -> " + r.loadAfter());
      }
    }
    line(out, "");
    line(
        out,
        "Fixed rate: %d instances/s, %d s measured after %d s settling. From the moment each"
            + " creation was due: ack (creation acknowledged), c2c, push (worker has the job);"
            + " job->worker: from the engine's own job creation time (ms resolution)",
        workload.ratePerSecond(),
        workload.rateMeasure().toSeconds(),
        workload.rateSettle().toSeconds());
    line(
        out,
        "%-4s %-9s %8s %8s %8s %8s %8s %8s %12s %12s",
        "run",
        "engine",
        "done/s",
        "ack p99",
        "c2c p50",
        "c2c p99",
        "push p50",
        "push p99",
        "job->wkr p50",
        "job->wkr p99");
    for (int run = 0; run < runs.size(); run++) {
      for (var r : runs.get(run)) {
        line(
            out,
            "%-4d %-9s %8.0f %8.1f %8.1f %8.1f %8.1f %8.1f %12.1f %12.1f",
            run + 1,
            r.engine(),
            r.rateCompletedPerSecond(),
            r.ackP99Millis(),
            r.rateP50Millis(),
            r.rateP99Millis(),
            r.pushP50Millis(),
            r.pushP99Millis(),
            r.jobToWorkerP50Millis(),
            r.jobToWorkerP99Millis());
      }
    }
    line(out, "");
    for (int run = 0; run < runs.size(); run++) {
      var millrace = runs.get(run).get(0);
      var operaton = runs.get(run).get(1);
      double ratio = millrace.completedPerSecond() / operaton.completedPerSecond();
      line(
          out,
          "run %d: Millrace/Operaton completed/s = %.1f [target > 1: %s]; Millrace %.0f/s"
              + " [target >= %.0f: %s]; Millrace at %d/s: push p99 %.1f ms [target <= %.0f ms:"
              + " %s], job->worker p99 %.1f ms [%s]",
          run + 1,
          ratio,
          verdict(ratio > 1),
          millrace.completedPerSecond(),
          EngineBenchmark.TARGET_COMPLETED_PER_SECOND,
          verdict(millrace.completedPerSecond() >= EngineBenchmark.TARGET_COMPLETED_PER_SECOND),
          millrace.rate(),
          millrace.pushP99Millis(),
          EngineBenchmark.TARGET_PUSH_P99_MILLIS,
          verdict(millrace.pushP99Millis() <= EngineBenchmark.TARGET_PUSH_P99_MILLIS),
          millrace.jobToWorkerP99Millis(),
          verdict(millrace.jobToWorkerP99Millis() <= EngineBenchmark.TARGET_PUSH_P99_MILLIS));
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
