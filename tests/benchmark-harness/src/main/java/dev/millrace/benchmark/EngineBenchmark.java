package dev.millrace.benchmark;

import dev.millrace.benchmark.workload.Options;
import dev.millrace.benchmark.workload.Result;
import dev.millrace.benchmark.workload.Workload;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The engine benchmark's driver: runs each side (Millrace; Operaton as the baseline) in its own JVM
 * with the same workload, one after the other so they never share the two cores, alternating which
 * goes first from run to run, and prints one table with the ratio of each run.
 */
public final class EngineBenchmark {

  /** Targets from issue 3, checked (not asserted) in the summary. */
  static final double TARGET_COMPLETED_PER_SECOND = 2_000;

  static final double TARGET_PUSH_P99_MILLIS = 10;

  /** One engine to benchmark: its name, its JVM's class path and main class, extra options. */
  record Side(String name, String classPath, String mainClass, List<String> args) {}

  public static void main(String[] args) throws Exception {
    var options = new Options(args);
    int runs = options.integer("runs", 1);
    var workload = Workload.from(options);
    var jvmArgs = words(options.string("jvm-args", "-Xms1g -Xmx1g -XX:+UseG1GC"));
    var dataRoot = Path.of(options.string("data-dir", "tests/target/engine-benchmark"));
    String jfrDir = options.string("jfr-dir", "");
    String latencyLogDir = options.string("latency-log-dir", "");
    var millrace =
        new Side(
            "Millrace",
            required(options, "millrace-classpath"),
            "dev.millrace.benchmark.millrace.MillraceSide",
            words(options.string("millrace-args", "")));
    var operaton =
        new Side(
            "Operaton",
            required(options, "operaton-classpath"),
            "dev.millrace.benchmark.operaton.OperatonSide",
            words(options.string("operaton-args", "")));
    options.rejectUnknown();

    var results = new ArrayList<List<Result>>();
    for (int run = 1; run <= runs; run++) {
      // Alternate the order so neither side always runs on a warmer (or busier) machine.
      var order = run % 2 == 1 ? List.of(millrace, operaton) : List.of(operaton, millrace);
      var byName = new Result[2];
      for (var side : order) {
        var dataDir = dataRoot.resolve("run-" + run).resolve(side.name().toLowerCase());
        var result = runSide(side, run, workload, jvmArgs, dataDir, jfrDir, latencyLogDir);
        byName[side == millrace ? 0 : 1] = result;
      }
      results.add(List.of(byName));
    }
    System.out.println();
    System.out.print(Report.table(workload, results));
  }

  private static Result runSide(
      Side side,
      int run,
      Workload workload,
      List<String> jvmArgs,
      Path dataDir,
      String jfrDir,
      String latencyLogDir)
      throws IOException, InterruptedException {
    deleteRecursively(dataDir);
    Files.createDirectories(dataDir);
    String name = side.name().toLowerCase() + "-run" + run;
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmArgs);
    // Engine start-up chatter (Operaton logs dozens of INFO lines) would drown the progress lines.
    command.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow"); // Netty's warning on JDK 24+
    }
    if (!jfrDir.isEmpty()) {
      Files.createDirectories(Path.of(jfrDir));
      command.add(
          "-XX:StartFlightRecording=settings=profile,filename="
              + Path.of(jfrDir, name + ".jfr").toAbsolutePath());
    }
    if (!latencyLogDir.isEmpty()) {
      // GC pauses with wall-clock times, to line up with the latencies.
      Files.createDirectories(Path.of(latencyLogDir));
      command.add(
          "-Xlog:gc:file=" + Path.of(latencyLogDir, name + "-gc.log").toAbsolutePath() + ":time");
    }
    command.addAll(List.of("-cp", side.classPath(), side.mainClass()));
    command.addAll(Arrays.asList(workload.toArgs()));
    command.add("--data-dir=" + dataDir.toAbsolutePath());
    if (!latencyLogDir.isEmpty()) {
      command.add("--latency-log=" + Path.of(latencyLogDir, name + ".csv").toAbsolutePath());
    }
    command.addAll(side.args());
    System.out.printf("%n== run %d: %s ==%n", run, side.name());
    var process = new ProcessBuilder(command).redirectErrorStream(true).start();
    Result result = null;
    try (var lines =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        var parsed = Result.parse(line);
        if (parsed != null) {
          result = parsed;
        } else {
          System.out.println("  " + line);
        }
      }
    }
    int exit = process.waitFor();
    deleteRecursively(dataDir);
    if (exit != 0 || result == null) {
      throw new IllegalStateException(
          side.name()
              + " side of run "
              + run
              + " failed (exit "
              + exit
              + "); see its output above");
    }
    return result;
  }

  private static String required(Options options, String key) {
    String value = options.string(key, "");
    if (value.isEmpty()) {
      throw new IllegalArgumentException(
          "--" + key + " is required (tests/bin/engine-benchmark.sh sets it)");
    }
    return value;
  }

  private static List<String> words(String text) {
    return text.isBlank() ? List.of() : List.of(text.trim().split("\\s+"));
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (var path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
