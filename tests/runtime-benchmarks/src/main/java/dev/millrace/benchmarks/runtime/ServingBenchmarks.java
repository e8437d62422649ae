package dev.millrace.benchmarks.runtime;

import ai.djl.Model;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.playground.BundledDatasets;
import dev.millrace.runtime.serving.ModelServer;
import dev.millrace.runtime.serving.ServerOptions;
import dev.millrace.runtime.training.Learners;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The iris MLP served over OIP v2 against the same model called in process, one row per call in
 * both; and latency at a fixed open-loop rate, measured from each request's scheduled send time (so
 * queueing behind a slow request counts).
 */
final class ServingBenchmarks {

  private static final int SECONDS = 10;
  private static final int WINDOW_SECONDS = 2;
  private static final int WARM_UP_SECONDS = 5;
  // Load-generator selector threads; BENCHMARK_SELECTORS overrides it for experiments.
  private static final int SELECTORS =
      Integer.parseInt(System.getenv().getOrDefault("BENCHMARK_SELECTORS", "1"));

  private final ModelArtifact iris;
  private final List<Map<String, ?>> rows = new ArrayList<>();
  private final List<byte[]> bodies = new ArrayList<>();

  ServingBenchmarks(Path work) throws Exception {
    Path data = BundledDatasets.extract("iris.csv", work);
    iris =
        ModelTrainer.train(
            TrainingRequest.of("tabular-classifier", data, "species", work.resolve("iris")),
            TrainingListener.NONE,
            null);
    List<String> lines = Files.readAllLines(data);
    String[] header = lines.get(0).split(",");
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      rows.add(
          Map.of(
              header[0],
              Double.parseDouble(f[0]),
              header[1],
              Double.parseDouble(f[1]),
              header[2],
              Double.parseDouble(f[2]),
              header[3],
              Double.parseDouble(f[3])));
      StringBuilder body = new StringBuilder("{\"inputs\":[");
      for (int c = 0; c < 4; c++) {
        body.append(c > 0 ? "," : "")
            .append("{\"name\":\"")
            .append(header[c])
            .append("\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[")
            .append(f[c])
            .append("]}");
      }
      bodies.add(body.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    }
  }

  void throughput() throws Exception {
    int threads = Runtime.getRuntime().availableProcessors();
    // 32 connections left the cores partly idle (each batch held most requests in flight while
    // the event loops waited); 64 keeps them busy. Both are measured and printed.
    int[] connections =
        Arrays.stream(System.getenv().getOrDefault("BENCHMARK_CONNECTIONS", "32,64").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int rounds = 5;
    double[] inProcess = new double[rounds];
    double[] bare = new double[rounds];
    double[][] server = new double[connections.length][rounds];
    double[] inProcessCpu = new double[rounds];
    double[] bareCpu = new double[rounds];
    double[][] serverCpu = new double[connections.length][rounds];
    // Short windows, interleaved: the machine is shared, so its load drifts; alternating keeps
    // each round's figures under the same conditions.
    try (ModelPredictor predictor = iris.newPredictor("cpu");
        Model model = Learners.djlModel(iris.directory());
        ModelServer served = ModelServer.start(iris, serverOptions())) {
      // Warm-up long enough for the JIT to finish with each path (the server's runs through
      // Netty, Jackson and the batcher, far more code than a predict call).
      runInProcess(predictor, threads, WARM_UP_SECONDS);
      runBareDjl(model, threads, WARM_UP_SECONDS);
      runServer(served.port(), connections[0], WARM_UP_SECONDS);
      for (int round = 0; round < rounds; round++) {
        long cpu = processCpuNanos();
        inProcess[round] = runInProcess(predictor, threads, WINDOW_SECONDS);
        inProcessCpu[round] = cpuMicrosPerCall(cpu, inProcess[round]);
        cpu = processCpuNanos();
        bare[round] = runBareDjl(model, threads, WINDOW_SECONDS);
        bareCpu[round] = cpuMicrosPerCall(cpu, bare[round]);
        for (int c = 0; c < connections.length; c++) {
          cpu = processCpuNanos();
          server[c][round] = runServer(served.port(), connections[c], WINDOW_SECONDS);
          serverCpu[c][round] = cpuMicrosPerCall(cpu, server[c][round]);
        }
      }
    }
    System.out.printf(
        "%nserver throughput: iris MLP, one row per call, %d interleaved rounds of %d s, same JVM"
            + " and cores%n",
        rounds, WINDOW_SECONDS);
    System.out.printf(
        "  in-process ModelPredictor.predict, %d threads         median %,.0f calls/s %s,"
            + " %.1f us CPU per call, CPU use %.0f%% of %d cores%n",
        threads,
        TrainingOverheadBenchmark.median(inProcess),
        Arrays.toString(whole(inProcess)),
        TrainingOverheadBenchmark.median(inProcessCpu),
        100 * busy(inProcessCpu, inProcess, threads),
        threads);
    System.out.printf(
        "  bare DJL Predictor.predict (encoded row), %d threads  median %,.0f calls/s %s,"
            + " %.1f us CPU per call%n",
        threads,
        TrainingOverheadBenchmark.median(bare),
        Arrays.toString(whole(bare)),
        TrainingOverheadBenchmark.median(bareCpu));
    for (int c = 0; c < connections.length; c++) {
      double[] ratios = new double[rounds];
      double[] bareRatios = new double[rounds];
      double[] cpuRatios = new double[rounds];
      for (int round = 0; round < rounds; round++) {
        ratios[round] = server[c][round] / inProcess[round];
        bareRatios[round] = server[c][round] / bare[round];
        cpuRatios[round] = inProcessCpu[round] / serverCpu[c][round];
      }
      System.out.printf(
          "  OIP v2 server, %d keep-alive connections (%d load thread%s) median %,.0f requests/s"
              + " %s%n",
          connections[c],
          SELECTORS,
          SELECTORS == 1 ? "" : "s",
          TrainingOverheadBenchmark.median(server[c]),
          Arrays.toString(whole(server[c])));
      System.out.printf(
          "    ratio server/ModelPredictor median %.3f, server/bare DJL median %.3f (target >= 0.8;"
              + " the load generator runs on the same cores)%n",
          TrainingOverheadBenchmark.median(ratios), TrainingOverheadBenchmark.median(bareRatios));
      // CPU per call includes the load generator's; CPU use below 100% means the cores were not
      // saturated (too few requests in flight, or a serial stage).
      System.out.printf(
          "    process CPU per request (load generator's included) median %.1f us %s;"
              + " ModelPredictor/server %.3f; CPU use %.0f%% of %d cores%n",
          TrainingOverheadBenchmark.median(serverCpu[c]),
          Arrays.toString(whole(serverCpu[c])),
          TrainingOverheadBenchmark.median(cpuRatios),
          100 * busy(serverCpu[c], server[c], threads),
          threads);
    }
  }

  /** Median share of the cores used, from CPU per call and calls per second. */
  private static double busy(double[] cpuMicrosPerCall, double[] rates, int cores) {
    double[] shares = new double[rates.length];
    for (int i = 0; i < rates.length; i++) {
      shares[i] = cpuMicrosPerCall[i] * rates[i] / 1e6 / cores;
    }
    return TrainingOverheadBenchmark.median(shares);
  }

  private static ServerOptions serverOptions() {
    ServerOptions defaults = ServerOptions.defaults("iris", 0);
    String workers = System.getenv("BENCHMARK_BATCH_WORKERS");
    return workers == null
        ? defaults
        : defaults.withBatching(
            defaults.maxBatchRows(), defaults.maxBatchDelay(), Integer.parseInt(workers));
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** Process CPU since {@code cpuBefore}, per call of a window that ran at {@code rate}. */
  private static double cpuMicrosPerCall(long cpuBefore, double rate) {
    return (processCpuNanos() - cpuBefore) / 1e3 / (rate * WINDOW_SECONDS);
  }

  private static long[] whole(double[] values) {
    return Arrays.stream(values).mapToLong(Math::round).toArray();
  }

  private double runInProcess(ModelPredictor predictor, int threads, int seconds) throws Exception {
    AtomicLong calls = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    int i = offset;
                    while (!stop.get()) {
                      predictor.predict(List.of(rows.get(i++ % rows.size())));
                      calls.incrementAndGet();
                    }
                  }));
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    for (Thread worker : workers) {
      worker.join();
    }
    return calls.get() / (elapsed / 1e9);
  }

  /** DJL's own Predictor, one per thread (DJL predictors are not thread-safe). */
  private double runBareDjl(Model model, int threads, int seconds) throws Exception {
    float[][] encoded = new float[rows.size()][];
    try (ModelPredictor p = iris.newPredictor("cpu")) {
      for (int i = 0; i < rows.size(); i++) {
        float[] row = new float[4];
        for (int c = 0; c < 4; c++) {
          var feature = p.preprocessing().features().get(c);
          row[c] =
              (float)
                  ((((Number) rows.get(i).get(feature.name())).doubleValue() - feature.center())
                      / feature.scale());
        }
        encoded[i] = row;
      }
    }
    AtomicLong calls = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> workers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int offset = t;
      workers.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try (Predictor<float[], float[]> predictor =
                        model.newPredictor(new RowTranslator())) {
                      int i = offset;
                      while (!stop.get()) {
                        predictor.predict(encoded[i++ % encoded.length]);
                        calls.incrementAndGet();
                      }
                    } catch (TranslateException e) {
                      throw new IllegalStateException(e);
                    }
                  }));
    }
    long start = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    stop.set(true);
    long elapsed = System.nanoTime() - start;
    for (Thread worker : workers) {
      worker.join();
    }
    return calls.get() / (elapsed / 1e9);
  }

  /** One encoded row in, class probabilities out. */
  static final class RowTranslator implements NoBatchifyTranslator<float[], float[]> {
    @Override
    public NDList processInput(TranslatorContext ctx, float[] row) {
      return new NDList(ctx.getNDManager().create(row, new Shape(1, row.length)));
    }

    @Override
    public float[] processOutput(TranslatorContext ctx, NDList list) {
      return list.singletonOrThrow().softmax(-1).toFloatArray();
    }
  }

  private double runServer(int port, int connections, int seconds) throws Exception {
    long start = System.nanoTime();
    ClosedLoopLoad.Counts counts =
        ClosedLoopLoad.run(
            port,
            "/v2/models/iris/infer",
            bodies,
            connections,
            SELECTORS,
            seconds * 1_000_000_000L);
    long elapsed = System.nanoTime() - start;
    if (counts.failed() > 0) {
      System.out.println("  (" + counts.failed() + " requests failed or were refused)");
    }
    return counts.ok() / (elapsed / 1e9);
  }

  void latency() throws Exception {
    int rate = 1000;
    int total = rate * SECONDS;
    long[] latencies = new long[total];
    try (ModelServer server = ModelServer.start(iris, ServerOptions.defaults("iris", 0))) {
      openLoop(server.port(), rate, rate * 2, new long[rate * 2]); // warm-up
      openLoop(server.port(), rate, total, latencies);
    }
    long[] sorted = latencies.clone();
    Arrays.sort(sorted);
    System.out.printf(
        "%nlatency at %d requests/s (open loop, %d requests, from scheduled send time):%n",
        rate, total);
    System.out.printf(
        "  p50 %.3f ms  p90 %.3f ms  p99 %.3f ms  p99.9 %.3f ms  max %.3f ms (target p99 <= 5 ms)%n",
        pct(sorted, 50),
        pct(sorted, 90),
        pct(sorted, 99),
        pct(sorted, 99.9),
        sorted[total - 1] / 1e6);
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)] / 1e6;
  }

  /** Sends {@code total} requests at {@code rate}/s over a pool of connections. */
  private void openLoop(int port, int rate, int total, long[] latencies) throws Exception {
    int connections = 16;
    BlockingQueue<Integer> due = new ArrayBlockingQueue<>(total);
    long start = System.nanoTime() + 50_000_000;
    long interval = 1_000_000_000L / rate;
    CountDownLatch done = new CountDownLatch(connections);
    for (int c = 0; c < connections; c++) {
      Thread.ofPlatform()
          .start(
              () -> {
                try (KeepAliveConnection connection =
                    new KeepAliveConnection(port, "/v2/models/iris/infer")) {
                  Integer i;
                  while ((i = due.take()) >= 0) {
                    long scheduled = start + i * interval;
                    connection.post(bodies.get(i % bodies.size()));
                    latencies[i] = System.nanoTime() - scheduled;
                  }
                } catch (Exception e) {
                  throw new IllegalStateException(e);
                } finally {
                  done.countDown();
                }
              });
    }
    for (int i = 0; i < total; i++) {
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      due.put(i);
    }
    for (int c = 0; c < connections; c++) {
      due.put(-1);
    }
    done.await();
  }
}
