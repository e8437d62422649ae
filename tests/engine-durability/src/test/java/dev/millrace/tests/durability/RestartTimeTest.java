package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.tests.durability.EngineProcess.Recovery;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * "Restart time stays flat as history grows": with snapshots every {@value #SNAPSHOT_EVERY}
 * records, a SIGKILLed engine replays only the log tail after its latest snapshot, whether it has
 * 1x or 5x the history. Asserted on the number of replayed records the engine reports, not on wall
 * time (this machine is shared); the times are printed. State from the very start (parked
 * instances) must survive both snapshot-based restarts.
 */
class RestartTimeTest {

  private static final long SNAPSHOT_EVERY = 1_000;

  /**
   * A snapshot is taken once at least {@value #SNAPSHOT_EVERY} records came in, at the end of a
   * processing round (at most a few hundred commands), and written once the log has it, so a kill
   * can come just before the newest one is on disk: at most about two intervals plus two rounds
   * stay to replay. Four intervals bound that with room to spare, whatever the history.
   */
  private static final long REPLAY_BOUND = 4 * SNAPSHOT_EVERY;

  private static final int INSTANCES_PER_UNIT = 500;
  private static final int PARKED = 20;
  private static final int RESTART_CYCLES = 8;

  @Test
  void recoveryReplaysABoundedTailWhetherHistoryIsOneOrFiveTimesAsLong() {
    int port = EngineProcess.freePort();
    Path logs =
        Path.of(System.getProperty("millrace.durability.workDir", "target/durability"))
            .resolve("restart-time");
    CrashRun.deleteRecursively(logs);
    var engine = start(port, logs, 0);
    var client = EngineClients.connect(port);
    try {
      deploy(client);
      Set<Long> parked = ConcurrentHashMap.newKeySet();
      for (long i = 0; i < PARKED; i++) {
        parked.add(
            client
                .newCreateInstanceCommand()
                .bpmnProcessId("parked")
                .latestVersion()
                .variables(Map.of("i", i, "corr", "p-" + i))
                .send()
                .join()
                .getProcessInstanceKey());
      }
      var completed = new AtomicInteger();
      try (var worker =
          client
              .newWorker()
              .jobType("history-work")
              .handler(
                  (jobClient, job) -> {
                    jobClient
                        .newCompleteCommand(job.getKey())
                        .variables(Map.of("done", true))
                        .send()
                        .join();
                    completed.incrementAndGet();
                  })
              .maxJobsActive(64)
              .open()) {
        runHistory(client, INSTANCES_PER_UNIT, completed);
        engine.kill();
        engine = start(port, logs, 1);
        Recovery oneX = engine.recovery().orElseThrow();
        System.out.printf("[restart-time] 1x history: %s%n", oneX);

        EngineClients.awaitServing(client);
        runHistory(client, 4 * INSTANCES_PER_UNIT, completed);
        engine.kill();
        engine = start(port, logs, 2);
        Recovery fiveX = engine.recovery().orElseThrow();
        System.out.printf("[restart-time] 5x history: %s%n", fiveX);
        EngineClients.awaitServing(client);

        assertThat(oneX.lastPosition())
            .as("1x history alone is longer than the replay bound, so the bound means something")
            .isGreaterThan(REPLAY_BOUND);
        assertThat(fiveX.lastPosition()).as("history grew").isGreaterThan(4 * oneX.lastPosition());
        assertThat(oneX.snapshotPosition()).as("a snapshot was taken at 1x").isPositive();
        assertThat(fiveX.snapshotPosition()).isGreaterThan(oneX.lastPosition());
        assertThat(List.of(oneX.replayed(), fiveX.replayed()))
            .as("records replayed after 1x and 5x history (bound %d)", REPLAY_BOUND)
            .allSatisfy(replayed -> assertThat(replayed).isLessThanOrEqualTo(REPLAY_BOUND));
      }
      assertParkedInstancesContinue(client, parked);
    } finally {
      EngineClients.closeWithin(Duration.ofSeconds(15), client);
      engine.kill();
    }
    CrashRun.deleteRecursively(logs);
  }

  /**
   * The same bound when the engine restarts before any one incarnation sees a snapshot interval's
   * worth of records (a crash loop, frequent redeploys): the records replayed on start are history
   * too, and must not pile up from restart to restart.
   */
  @Test
  void frequentRestartsKeepTheReplayBounded() {
    int port = EngineProcess.freePort();
    Path logs =
        Path.of(System.getProperty("millrace.durability.workDir", "target/durability"))
            .resolve("restart-often");
    CrashRun.deleteRecursively(logs);
    var engine = start(port, logs, 0);
    var client = EngineClients.connect(port);
    var recoveries = new java.util.ArrayList<Recovery>();
    try {
      deploy(client);
      var completed = new AtomicInteger();
      try (var worker =
          client
              .newWorker()
              .jobType("history-work")
              .handler(
                  (jobClient, job) -> {
                    jobClient.newCompleteCommand(job.getKey()).send().join();
                    completed.incrementAndGet();
                  })
              .open()) {
        // About 800 records per incarnation: each stays under the 1,000-record interval.
        for (int cycle = 1; cycle <= RESTART_CYCLES; cycle++) {
          runHistory(client, 30, completed);
          engine.kill();
          engine = start(port, logs, cycle);
          recoveries.add(engine.recovery().orElseThrow());
          EngineClients.awaitServing(client);
        }
      }
    } finally {
      EngineClients.closeWithin(Duration.ofSeconds(15), client);
      engine.kill();
    }
    recoveries.forEach(r -> System.out.printf("[restart-often] %s%n", r));
    var last = recoveries.getLast();
    assertThat(last.lastPosition())
        .as("history after %d short incarnations exceeds the bound", RESTART_CYCLES)
        .isGreaterThan(REPLAY_BOUND);
    assertThat(last.replayed())
        .as("records replayed after %d short incarnations (bound %d)", RESTART_CYCLES, REPLAY_BOUND)
        .isLessThanOrEqualTo(REPLAY_BOUND);
    CrashRun.deleteRecursively(logs);
  }

  private static EngineProcess start(int port, Path logs, int incarnation) {
    long started = System.nanoTime();
    var engine =
        EngineProcess.startMain(
                SnapshottingEngine.class,
                List.of(
                    String.valueOf(port),
                    "" + logs.resolve("data"),
                    String.valueOf(SNAPSHOT_EVERY)),
                logs.resolve("engine-" + incarnation + ".log"))
            .awaitReady(Duration.ofSeconds(90));
    System.out.printf(
        "[restart-time] engine %d ready %d ms after its process started%n",
        incarnation, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return engine;
  }

  private static void deploy(CamundaClient client) {
    client
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("history")
                .startEvent()
                .serviceTask("work", t -> t.zeebeJobType("history-work"))
                .endEvent()
                .done(),
            "history.bpmn")
        .addProcessModel(
            Bpmn.createExecutableProcess("parked")
                .startEvent()
                .intermediateCatchEvent("wait")
                .message(m -> m.name("parked-go").zeebeCorrelationKeyExpression("corr"))
                .serviceTask("resume", t -> t.zeebeJobType("parked-work"))
                .endEvent()
                .done(),
            "parked.bpmn")
        .send()
        .join();
  }

  /** Creates {@code count} instances, at most 64 in flight, and waits until all completed. */
  private static void runHistory(CamundaClient client, int count, AtomicInteger completed) {
    int target = completed.get() + count;
    var inFlight = new Semaphore(64);
    var created = new AtomicInteger();
    long giveUp = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    while (created.get() < count) {
      assertThat(System.nanoTime())
          .as("%d of %d instances created", created.get(), count)
          .isLessThan(giveUp);
      inFlight.acquireUninterruptibly();
      client
          .newCreateInstanceCommand()
          .bpmnProcessId("history")
          .latestVersion()
          .variables(Map.of("payload", "x".repeat(100)))
          .send()
          .whenComplete(
              (ok, failure) -> {
                if (failure == null) {
                  created.incrementAndGet();
                }
                inFlight.release();
              });
      if (created.get() + 64 >= count) {
        inFlight.acquireUninterruptibly(64);
        inFlight.release(64);
      }
    }
    await().atMost(Duration.ofMinutes(2)).until(() -> completed.get() >= target);
  }

  private static void assertParkedInstancesContinue(CamundaClient client, Set<Long> parked) {
    Set<Long> resumed = ConcurrentHashMap.newKeySet();
    try (var worker =
        client
            .newWorker()
            .jobType("parked-work")
            .handler(
                (jobClient, job) -> {
                  jobClient.newCompleteCommand(job.getKey()).send().join();
                  resumed.add(job.getProcessInstanceKey());
                })
            .open()) {
      for (int i = 0; i < PARKED; i++) {
        client
            .newPublishMessageCommand()
            .messageName("parked-go")
            .correlationKey("p-" + i)
            .send()
            .join();
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .untilAsserted(
              () ->
                  assertThat(resumed)
                      .as("instances parked before both snapshots continue")
                      .containsExactlyInAnyOrderElementsOf(parked));
    }
  }
}
