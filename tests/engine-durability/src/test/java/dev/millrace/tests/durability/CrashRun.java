package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;

/**
 * One crash test run: an engine under load, SIGKILLed {@code rounds} times at moments drawn from
 * {@code seed} (a quarter of the restarts are killed again while starting), then restarted a last
 * time and checked against the {@link CrashLedger}.
 */
final class CrashRun {

  /** Starts one engine incarnation on the run's port and data directory, logging to a file. */
  @FunctionalInterface
  interface Launcher {
    EngineProcess start(int port, Path dataDir, Path output);
  }

  private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
  private static final int DRIVERS = 3;
  private static final int MAX_PAUSE_MILLIS = 20;

  private record Round(
      int number, long ranMillis, boolean killedWhileStarting, long reconnectMillis) {}

  private final String name;
  private final Launcher launcher;
  private final long seed;
  private final int rounds;
  private final int maxRoundMillis;
  private final Path work;
  private final int port = EngineProcess.freePort();
  private final List<EngineProcess> incarnations = new ArrayList<>();
  private final List<Round> roundLog = new ArrayList<>();
  private final CrashLedger ledger = new CrashLedger();
  private long instanceNumbers;

  CrashRun(String name, Launcher launcher, long seed, int rounds, int maxRoundMillis, Path work) {
    this.name = name;
    this.launcher = launcher;
    this.seed = seed;
    this.rounds = rounds;
    this.maxRoundMillis = Math.max(600, maxRoundMillis);
    this.work = work;
  }

  /** The seed given by -Dmillrace.crash.seed, or a new one. */
  static long seed() {
    String given = System.getProperty("millrace.crash.seed", "");
    return given.isBlank() ? System.nanoTime() : Long.parseLong(given.trim());
  }

  /** An empty work directory for one run, under target/. */
  static Path workDir(String name, long seed) {
    Path work =
        Path.of(System.getProperty("millrace.durability.workDir", "target/durability"))
            .resolve(name + "-" + seed);
    deleteRecursively(work);
    return work;
  }

  static void deleteRecursively(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(path)) {
      for (var p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + path, e);
    }
  }

  List<EngineProcess> incarnations() {
    return incarnations;
  }

  /** Runs the rounds and every check; the report is printed whether or not a check fails. */
  void run() throws InterruptedException {
    System.out.printf(
        "[%s] seed %d, %d rounds of up to %d ms (replay: -Dmillrace.crash.seed=%d)%n",
        name, seed, rounds, maxRoundMillis, seed);
    var random = new Random(seed);
    long started = System.nanoTime();
    EngineProcess engine = start().awaitReady(READY_TIMEOUT);
    var client = EngineClients.connect(port);
    try {
      Map<String, byte[]> resources = resources();
      Map<String, Long> definitions = deploy(client, resources);
      try (var load = new CrashLoad(client, ledger, seed, DRIVERS, MAX_PAUSE_MILLIS)) {
        load.start();
        for (int round = 1; round <= rounds; round++) {
          long reconnect = EngineClients.awaitServing(client);
          assertThat(deploy(client, resources))
              .as("an identical redeployment after restart %d keeps every version", round - 1)
              .isEqualTo(definitions);
          long ran = 300 + random.nextInt(maxRoundMillis - 300);
          EngineProcess.sleep(ran);
          engine.kill();
          boolean killedWhileStarting = random.nextInt(4) == 0;
          if (killedWhileStarting) {
            var early = start();
            EngineProcess.sleep(random.nextInt(1500));
            early.kill();
          }
          roundLog.add(new Round(round, ran, killedWhileStarting, reconnect));
          engine = start().awaitReady(READY_TIMEOUT);
        }
        roundLog.add(new Round(rounds + 1, 0, false, EngineClients.awaitServing(client)));
        load.stopDrivers();
        instanceNumbers = load.instancesAttempted();
        assertThat(load.driverFailures()).as("failures of the load itself").isEmpty();
        assertThat(deploy(client, resources)).isEqualTo(definitions);
        awaitEveryAcknowledgedInstanceFinished(client);
        awaitEveryAcknowledgedInstanceCompleted(client);
        assertThat(ledger.violations(20)).as("durability violations").isEmpty();
      }
      assertThat(engine.isAlive()).as("the last engine is still running").isTrue();
      for (var incarnation : incarnations) {
        assertThat(
                incarnation
                    .output()
                    .lines()
                    .filter(l -> l.contains(" ERROR ") || l.startsWith("Exception in thread"))
                    .toList())
            .as("errors logged by %s", incarnation.outputFile())
            .isEmpty();
        if (incarnation.output().contains(" ready: gRPC ")) {
          assertThat(incarnation.recovery())
              .as("recovery line in %s", incarnation.outputFile())
              .isPresent();
        }
      }
    } finally {
      EngineClients.closeWithin(Duration.ofSeconds(15), client);
      engine.kill();
      System.out.println(report(started));
    }
  }

  private EngineProcess start() {
    var engine =
        launcher.start(
            port,
            work.resolve("data"),
            work.resolve(String.format("engine-%03d.log", incarnations.size())));
    incarnations.add(engine);
    return engine;
  }

  private static Map<String, byte[]> resources() {
    var resources = new LinkedHashMap<String, byte[]>();
    CrashProcesses.models()
        .forEach(
            (name, model) ->
                resources.put(name, Bpmn.convertToString(model).getBytes(StandardCharsets.UTF_8)));
    return resources;
  }

  /** Deploys (retrying until acknowledged); returns "process id vN" to definition key. */
  private static Map<String, Long> deploy(CamundaClient client, Map<String, byte[]> resources) {
    long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        var entries = new ArrayList<>(resources.entrySet());
        var command =
            client
                .newDeployResourceCommand()
                .addResourceBytes(entries.getFirst().getValue(), entries.getFirst().getKey());
        for (var entry : entries.subList(1, entries.size())) {
          command = command.addResourceBytes(entry.getValue(), entry.getKey());
        }
        var keys = new LinkedHashMap<String, Long>();
        command
            .send()
            .join(10, TimeUnit.SECONDS)
            .getProcesses()
            .forEach(
                p ->
                    keys.put(
                        p.getBpmnProcessId() + " v" + p.getVersion(), p.getProcessDefinitionKey()));
        return keys;
      } catch (RuntimeException e) {
        if (System.nanoTime() > giveUp) {
          throw e;
        }
        EngineProcess.sleep(200);
      }
    }
  }

  private void awaitEveryAcknowledgedInstanceFinished(CamundaClient client) {
    try {
      await()
          .atMost(Duration.ofSeconds(120))
          .pollInterval(Duration.ofMillis(250))
          .until(() -> ledger.unfinished().isEmpty());
    } catch (ConditionTimeoutException e) {
      var lines = new ArrayList<String>();
      for (long n : ledger.unfinished().stream().limit(25).toList()) {
        long key = ledger.acknowledgedInstances().get(n);
        lines.add(
            String.format(
                "n=%d %s key %d: %s",
                n,
                ledger.attempt(n).kind(),
                key,
                exists(client, key) ? "exists but stuck" : "gone (lost)"));
      }
      throw new AssertionError(
          ledger.unfinished().size()
              + " acknowledged instances never reached their finish job, e.g.:\n  "
              + String.join("\n  ", lines),
          e);
    }
  }

  /** After the finish job the instance must end: the engine then no longer knows its key. */
  private void awaitEveryAcknowledgedInstanceCompleted(CamundaClient client) {
    Set<Long> running = new HashSet<>(ledger.acknowledgedInstances().values());
    try {
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                running.removeIf(key -> !exists(client, key));
                return running.isEmpty();
              });
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          running.size() + " instances still run after their finish job: " + running, e);
    }
  }

  /** An empty variable document changes nothing; NOT_FOUND means the instance has ended. */
  private static boolean exists(CamundaClient client, long processInstanceKey) {
    try {
      client
          .newSetVariablesCommand(processInstanceKey)
          .variables("{}")
          .send()
          .join(10, TimeUnit.SECONDS);
      return true;
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        return false;
      }
      throw e;
    }
  }

  private String report(long startedNanos) {
    var text = new StringBuilder();
    text.append(
        String.format(
            "[%s] seed %d: %d rounds, %d engine processes (%d killed while starting), %d s%n",
            name,
            seed,
            roundLog.stream().filter(r -> r.ranMillis() > 0).count(),
            incarnations.size(),
            roundLog.stream().filter(Round::killedWhileStarting).count(),
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos)));
    for (var round : roundLog) {
      text.append(
          String.format(
              "  round %2d: client back after %5d ms, ran %5d ms%s%n",
              round.number(),
              round.reconnectMillis(),
              round.ranMillis(),
              round.killedWhileStarting() ? ", then a restart killed while starting" : ""));
    }
    for (int i = 0; i < incarnations.size(); i++) {
      int index = i;
      incarnations
          .get(i)
          .recovery()
          .ifPresent(
              r ->
                  text.append(
                      String.format(
                          "  engine %2d recovered: snapshot at %d, %d records replayed up to %d"
                              + " in %d ms%n",
                          index,
                          r.snapshotPosition(),
                          r.replayed(),
                          r.lastPosition(),
                          r.millis())));
    }
    text.append("  instance numbers used ").append(instanceNumbers).append('\n');
    text.append(ledger.summary());
    return text.toString();
  }
}
