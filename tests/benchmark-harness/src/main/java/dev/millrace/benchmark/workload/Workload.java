package dev.millrace.benchmark.workload;

import java.time.Duration;

/**
 * What every side of the benchmark runs, identically: a closed-loop saturation phase (at most
 * {@code window} instances in flight) after a warm-up, then an open-loop phase at a fixed creation
 * rate whose first seconds are discarded.
 */
public record Workload(
    Duration warmup,
    Duration saturation,
    int window,
    int ratePerSecond,
    Duration rateSettle,
    Duration rateMeasure,
    Duration drainTimeout,
    String latencyLog) {

  public static Workload from(Options options) {
    var workload =
        new Workload(
            Duration.ofSeconds(options.integer("warmup-s", 30)),
            Duration.ofSeconds(options.integer("saturation-s", 30)),
            options.integer("window", 1000),
            options.integer("rate", 500),
            Duration.ofSeconds(options.integer("rate-settle-s", 5)),
            Duration.ofSeconds(options.integer("rate-s", 20)),
            Duration.ofSeconds(options.integer("drain-timeout-s", 60)),
            options.string("latency-log", ""));
    if (workload.window < 1 || workload.ratePerSecond < 1) {
      throw new IllegalArgumentException("--window and --rate must be positive");
    }
    return workload;
  }

  /**
   * The options {@link #from} reads, to hand the same workload to another JVM; the latency log (a
   * CSV file per side, for diagnosis) is set per side.
   */
  public String[] toArgs() {
    return new String[] {
      "--warmup-s=" + warmup.toSeconds(),
      "--saturation-s=" + saturation.toSeconds(),
      "--window=" + window,
      "--rate=" + ratePerSecond,
      "--rate-settle-s=" + rateSettle.toSeconds(),
      "--rate-s=" + rateMeasure.toSeconds(),
      "--drain-timeout-s=" + drainTimeout.toSeconds()
    };
  }
}
