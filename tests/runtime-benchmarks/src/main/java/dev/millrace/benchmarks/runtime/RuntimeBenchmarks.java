package dev.millrace.benchmarks.runtime;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Entry point: {@code training}, {@code server}, {@code latency} or {@code all}. */
public final class RuntimeBenchmarks {

  private RuntimeBenchmarks() {}

  public static void main(String[] args) throws Exception {
    List<String> which = args.length == 0 ? List.of("all") : List.of(args);
    boolean all = which.contains("all");
    Path work = Files.createTempDirectory("millrace-bench");
    System.out.printf(
        "machine: %d cores visible to the JVM, load average %.2f at start (shared machine: "
            + "figures vary with other work); PyTorch intra-op threads: %s%n",
        Runtime.getRuntime().availableProcessors(),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"));
    if (all || which.contains("training")) {
      TrainingOverheadBenchmark.run(work);
    }
    if (all || which.contains("server") || which.contains("latency")) {
      ServingBenchmarks serving = new ServingBenchmarks(work);
      if (all || which.contains("server")) {
        serving.throughput();
      }
      if (all || which.contains("latency")) {
        serving.latency();
      }
    }
  }
}
