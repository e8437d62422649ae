package dev.millrace.benchmark.operaton;

import dev.millrace.benchmark.workload.BenchmarkSide;
import dev.millrace.benchmark.workload.EngineUnderTest;
import dev.millrace.benchmark.workload.InstanceTracker;
import dev.millrace.benchmark.workload.Options;
import dev.millrace.benchmark.workload.Workload;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.operaton.bpm.engine.ProcessEngine;
import org.operaton.bpm.engine.ProcessEngineConfiguration;
import org.operaton.bpm.engine.externaltask.LockedExternalTask;
import org.operaton.bpm.engine.variable.Variables;
import org.operaton.bpm.model.bpmn.Bpmn;

/**
 * Operaton under test, the baseline: the engine embedded in this JVM on an H2 file database (each
 * API call is one transaction, committed to the file before the call returns), instances started by
 * creator threads and an external-task worker of several threads that fetch-and-lock batches and
 * complete each task through the Java API (no REST in between).
 */
public final class OperatonSide implements EngineUnderTest {

  static final String PROCESS_ID = "benchmark-one-task";
  static final String TOPIC = "benchmark-task";

  /**
   * H2 (2.3) never fsyncs on commit. By default it keeps commits in memory and writes them about
   * every 500 ms, so a killed JVM loses acknowledged work; WRITE_DELAY=0 makes every commit write
   * its changes to the file before the call returns (surviving a killed JVM, not a power loss).
   * This is the most durable H2 offers; Millrace's log fsyncs, which is stricter.
   */
  static final String DURABLE_H2 = ";WRITE_DELAY=0";

  private static final String WORKER_ID = "benchmark-worker";
  private static final long LOCK_MILLIS = TimeUnit.MINUTES.toMillis(10);

  private final Path dataDirectory;
  private final int creators;
  private final int workers;
  private final int fetchSize;
  private final int idleSleepMillis;
  private final String history;
  private final String h2Settings;

  /** Tasks the worker may hold at once: fetched and not yet completed. */
  private final Semaphore room;

  private Thread fetcher;
  private ExecutorService completers;
  private volatile boolean running;
  private ProcessEngine engine;
  private InstanceTracker tracker;

  OperatonSide(
      Path dataDirectory,
      int creators,
      int workers,
      int fetchSize,
      int idleSleepMillis,
      String history,
      String h2Settings) {
    this.dataDirectory = dataDirectory;
    this.creators = creators;
    this.workers = workers;
    this.fetchSize = fetchSize;
    this.idleSleepMillis = idleSleepMillis;
    this.history = history;
    this.h2Settings = h2Settings;
    this.room = new Semaphore(2 * fetchSize);
  }

  public static void main(String[] args) {
    var options = new Options(args);
    var workload = Workload.from(options);
    var side =
        new OperatonSide(
            Path.of(options.string("data-dir", "target/operaton-benchmark")),
            // Measured here: 16 + 16 threads gave about 2.5x the throughput of 4 + 4 (more
            // concurrent commits share each H2 store write); 32 + 32 gave no more.
            options.integer("creators", 16),
            options.integer("workers", 16),
            options.integer("fetch-size", 32),
            options.integer("idle-sleep-ms", 1),
            options.string("history", ProcessEngineConfiguration.HISTORY_DEFAULT),
            options.string("h2-settings", DURABLE_H2));
    options.rejectUnknown();
    BenchmarkSide.run(side, workload);
  }

  @Override
  public String name() {
    return "Operaton";
  }

  @Override
  public String describe() {
    return "embedded engine, H2 file database "
        + jdbcUrl()
        + ", history "
        + history
        + "; "
        + creators
        + " creator threads (startProcessInstanceByKey); "
        + workers
        + " external-task completer threads fed by one fetchAndLock thread (up to "
        + fetchSize
        + " tasks per fetch, "
        + 2 * fetchSize
        + " held at most), "
        + idleSleepMillis
        + " ms pause after an empty fetch";
  }

  private String jdbcUrl() {
    return "jdbc:h2:file:" + dataDirectory.resolve("operaton").toAbsolutePath() + h2Settings;
  }

  @Override
  public void start(InstanceTracker tracker) {
    this.tracker = tracker;
    engine =
        ProcessEngineConfiguration.createStandaloneProcessEngineConfiguration()
            .setProcessEngineName("benchmark")
            .setJdbcUrl(jdbcUrl())
            .setJdbcDriver("org.h2.Driver")
            .setJdbcUsername("sa")
            .setJdbcPassword("")
            .setJdbcMaxActiveConnections(creators + workers + 2)
            .setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_TRUE)
            .setHistory(history)
            .setJobExecutorActivate(false)
            .buildProcessEngine();
    engine
        .getRepositoryService()
        .createDeployment()
        .addModelInstance(
            PROCESS_ID + ".bpmn",
            Bpmn.createExecutableProcess(PROCESS_ID)
                .startEvent()
                .serviceTask("task")
                .operatonExternalTask(TOPIC)
                .endEvent()
                .done())
        .deploy();
    running = true;
    completers =
        Executors.newFixedThreadPool(
            workers, Thread.ofPlatform().name("worker-complete-", 0).factory());
    fetcher = Thread.ofPlatform().name("worker-fetch").start(this::fetch);
  }

  /**
   * The worker's fetcher: fetch-and-lock up to {@code fetchSize} tasks while the completers have
   * room for them, report each delivery, and hand the tasks to the completer threads. One fetcher,
   * as in Operaton's external-task client: concurrent fetchers lock the same rows and fail each
   * other's transactions.
   */
  private void fetch() {
    var tasks = engine.getExternalTaskService();
    while (running) {
      try {
        room.acquire(fetchSize);
      } catch (InterruptedException e) {
        return;
      }
      List<LockedExternalTask> locked;
      try {
        locked =
            tasks
                .fetchAndLock(fetchSize, WORKER_ID)
                .topic(TOPIC, LOCK_MILLIS)
                .variables(SEQUENCE_VARIABLE)
                .execute();
      } catch (RuntimeException e) {
        room.release(fetchSize);
        System.err.println("fetchAndLock failed: " + e);
        continue;
      }
      room.release(fetchSize - locked.size());
      for (var task : locked) {
        int seq = sequence(task);
        tracker.jobReceived(seq, task.getCreateTime().getTime());
        completers.execute(() -> complete(task.getId(), seq));
      }
      if (locked.isEmpty()) {
        pause();
      }
    }
  }

  private void complete(String taskId, int seq) {
    try {
      engine.getExternalTaskService().complete(taskId, WORKER_ID);
      tracker.completed(seq);
    } catch (RuntimeException e) {
      tracker.failed(seq, e);
    } finally {
      room.release();
    }
  }

  private static int sequence(LockedExternalTask task) {
    return ((Number) task.getVariables().get(SEQUENCE_VARIABLE)).intValue();
  }

  private void pause() {
    try {
      TimeUnit.MILLISECONDS.sleep(idleSleepMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    }
  }

  @Override
  public void createInstance(int seq) {
    engine
        .getRuntimeService()
        .startProcessInstanceByKey(
            PROCESS_ID, Variables.createVariables().putValue(SEQUENCE_VARIABLE, seq));
    tracker.createAcknowledged(seq);
  }

  @Override
  public int creatorThreads() {
    return creators;
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (fetcher != null) {
      fetcher.interrupt();
      fetcher.join(10_000);
      completers.shutdown();
      completers.awaitTermination(10, TimeUnit.SECONDS);
    }
    if (engine != null) {
      engine.close();
    }
  }
}
