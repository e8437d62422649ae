package dev.millrace.benchmark.millrace;

import dev.millrace.benchmark.workload.BenchmarkSide;
import dev.millrace.benchmark.workload.EngineUnderTest;
import dev.millrace.benchmark.workload.InstanceTracker;
import dev.millrace.benchmark.workload.Options;
import dev.millrace.benchmark.workload.Workload;
import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Millrace under test: the engine embedded in this JVM through its library facade (durable log with
 * group commit in the data directory), driven over gRPC by the real Camunda Java client, with a
 * streaming job worker. With {@code --gateway=http://host:port} it drives an engine started
 * elsewhere (for example the standalone jar) instead.
 */
public final class MillraceSide implements EngineUnderTest {

  static final String PROCESS_ID = "benchmark-one-task";
  static final String JOB_TYPE = "benchmark-task";
  private static final Duration JOB_TIMEOUT = Duration.ofMinutes(10);

  private final Path dataDirectory;
  private final String gateway;
  private final int workerThreads;
  private final int maxJobsActive;
  private MillraceEngine engine;
  private CamundaClient client;
  private JobWorker worker;
  private InstanceTracker tracker;
  private final EngineMeters meters = new EngineMeters();
  private final DeliveryCounter deliveries;
  private long completedAtLastDiagnostics;

  MillraceSide(
      Path dataDirectory,
      String gateway,
      int workerThreads,
      int maxJobsActive,
      boolean countDeliveries) {
    this.deliveries = countDeliveries ? new DeliveryCounter() : null;
    this.dataDirectory = dataDirectory;
    this.gateway = gateway;
    this.workerThreads = workerThreads;
    this.maxJobsActive = maxJobsActive;
  }

  public static void main(String[] args) {
    var options = new Options(args);
    var workload = Workload.from(options);
    var side =
        new MillraceSide(
            Path.of(options.string("data-dir", "target/millrace-benchmark")),
            options.string("gateway", ""),
            options.integer("worker-threads", 1),
            options.integer("max-jobs-active", workload.window()),
            options.flag("count-deliveries"));
    options.rejectUnknown();
    BenchmarkSide.run(side, workload);
  }

  @Override
  public String name() {
    return "Millrace";
  }

  @Override
  public String describe() {
    return (gateway.isEmpty() ? "embedded engine, log in " + dataDirectory : "engine at " + gateway)
        + " (fsync, group commit); camunda-client-java over gRPC, asynchronous creates;"
        + " one streaming worker, "
        + workerThreads
        + " handler thread(s), maxJobsActive "
        + maxJobsActive
        + ", completes asynchronously";
  }

  @Override
  public void start(InstanceTracker tracker) {
    this.tracker = tracker;
    URI address;
    if (gateway.isEmpty()) {
      var builder =
          MillraceEngine.builder()
              .dataDirectory(dataDirectory)
              .grpcPort(0)
              .meterRegistry(meters.registry());
      if (deliveries != null) {
        builder.exporter("benchmark-deliveries", deliveries);
      }
      engine = builder.build().start();
      address = engine.grpcAddress();
    } else {
      address = URI.create(gateway);
    }
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(address)
            .preferRestOverGrpc(false)
            .numJobWorkerExecutionThreads(workerThreads)
            .defaultRequestTimeout(Duration.ofSeconds(60))
            .build();
    client
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess(PROCESS_ID)
                .startEvent()
                .serviceTask("task", t -> t.zeebeJobType(JOB_TYPE))
                .endEvent()
                .done(),
            PROCESS_ID + ".bpmn")
        .send()
        .join();
    worker =
        client
            .newWorker()
            .jobType(JOB_TYPE)
            .handler(this::handle)
            .streamEnabled(true)
            .maxJobsActive(maxJobsActive)
            .timeout(JOB_TIMEOUT)
            .fetchVariables(SEQUENCE_VARIABLE)
            .open();
  }

  /** The worker's whole job: report the delivery and complete without waiting for the answer. */
  private void handle(JobClient jobs, ActivatedJob job) {
    int seq = ((Number) job.getVariable(SEQUENCE_VARIABLE)).intValue();
    // A pushed job is activated in the batch that created it: its deadline less its timeout.
    tracker.jobReceived(seq, job.getDeadline() - JOB_TIMEOUT.toMillis());
    jobs.newCompleteCommand(job.getKey())
        .send()
        .whenComplete(
            (response, failure) -> {
              if (failure == null) {
                tracker.completed(seq);
              } else {
                tracker.failed(seq, failure);
              }
            });
  }

  @Override
  public void createInstance(int seq) {
    client
        .newCreateInstanceCommand()
        .bpmnProcessId(PROCESS_ID)
        .latestVersion()
        .variables("{\"" + SEQUENCE_VARIABLE + "\":" + seq + "}")
        .send()
        .whenComplete(
            (created, failure) -> {
              if (failure == null) {
                tracker.createAcknowledged(seq);
              } else {
                tracker.failed(seq, failure);
              }
            });
  }

  @Override
  public String diagnostics() {
    if (engine == null) {
      return "";
    }
    String line = meters.sinceLastCall();
    if (deliveries != null) {
      long completed = tracker.completed();
      line += "; " + deliveries.sinceLastCall(completed - completedAtLastDiagnostics);
      completedAtLastDiagnostics = completed;
    }
    return line;
  }

  @Override
  public int creatorThreads() {
    return 1;
  }

  @Override
  public void close() {
    if (worker != null) {
      worker.close();
    }
    if (client != null) {
      client.close();
    }
    if (engine != null) {
      engine.close();
    }
  }
}
