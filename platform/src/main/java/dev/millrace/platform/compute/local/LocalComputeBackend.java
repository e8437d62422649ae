package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.TrainingJob;
import dev.millrace.workers.compute.TrainingObserver;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default {@link ComputeBackend}: trainings and endpoint replicas are child processes
 * of the platform running the model runtime jar; endpoints are reached through {@link #router()} at
 * {@code /endpoints/{name}/v2/...}.
 *
 * <p>It keeps no state the platform cannot give back: after a restart the platform applies the
 * specs of its live endpoints again (replicas come back) and starts its running trainings again
 * (they resume from their checkpoints in the run directories). {@link #close()} drains every
 * replica and stops every training resumably, without reporting those trainings as ended.
 */
public final class LocalComputeBackend implements ComputeBackend, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalComputeBackend.class);
  private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");
  private static final Set<String> POLICIES = Set.of("cpu", "requests", "concurrency");

  private final ModelRuntimeLauncher runtime;
  private final LocalTrainings trainings;
  private final LocalEndpoints endpoints;
  private final ServiceToken serviceToken;
  private final EndpointRouter router;
  private final HttpClient http;

  /**
   * @param routerBase the URL prefix of {@code /endpoints/...} as callers see it, asked each time a
   *     status is made (the platform's port is known only once its web server runs)
   */
  public LocalComputeBackend(
      LocalComputeProperties settings,
      Path dataDir,
      TrainingObserver observer,
      EndpointListener endpointListener,
      ApiKeyVerifier apiKeys,
      ObjectMapper json,
      MeterRegistry registry,
      Clock clock,
      Supplier<String> routerBase) {
    this.runtime = new ModelRuntimeLauncher(settings, json, dataDir);
    this.serviceToken = ServiceToken.generate();
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    this.trainings =
        new LocalTrainings(runtime, dataDir, observer, json, settings.getTrainingStopGrace());
    TokenBuckets rateLimits =
        new TokenBuckets(settings.getPublicRequestsPerSecond(), settings.getPublicBurst());
    this.endpoints =
        new LocalEndpoints(
            settings,
            runtime,
            http,
            json,
            dataDir,
            clock,
            registry,
            routerBase,
            endpointListener::endpointChanged,
            rateLimits);
    this.router =
        new EndpointRouter(
            endpoints, new EndpointAccess(serviceToken, apiKeys, rateLimits), http, settings, json);
  }

  /** The token private endpoints accept: send {@code Authorization: <authorization()>}. */
  public ServiceToken serviceToken() {
    return serviceToken;
  }

  /** The servlet to register at {@code /endpoints/*} on the platform's HTTP server. */
  public EndpointRouter router() {
    return router;
  }

  @Override
  public boolean gpuAvailable() {
    return runtime.devices().gpus() > 0;
  }

  @Override
  public void startTraining(TrainingJob job) {
    requireGpuIfAsked(job.computeType());
    trainings.start(job);
  }

  @Override
  public void cancelTraining(String runId) {
    trainings.cancel(runId);
  }

  /**
   * @throws WorkerFailure INVALID_DEPLOYMENT naming the field, or COMPUTE_UNAVAILABLE for a GPU
   *     this machine does not have
   */
  @Override
  public EndpointStatus applyEndpoint(EndpointSpec spec) {
    validate(spec);
    requireGpuIfAsked(spec.computeType());
    try {
      return endpoints.apply(spec);
    } catch (IllegalArgumentException e) {
      throw WorkerFailure.invalidDeployment(e.getMessage());
    } catch (IllegalStateException e) {
      throw WorkerFailure.computeUnavailable(e.getMessage());
    }
  }

  @Override
  public void deleteEndpoint(String endpointId) {
    endpoints.delete(endpointId);
  }

  @Override
  public Optional<EndpointStatus> endpointStatus(String endpointId) {
    return endpoints.status(endpointId);
  }

  /**
   * Replica-seconds the endpoint has used since this backend applied it (every replica's process
   * lifetime, starting ones included): what endpoint time is charged by.
   */
  public OptionalDouble replicaSeconds(String endpointId) {
    return endpoints
        .byId(endpointId)
        .map(endpoint -> OptionalDouble.of(endpoint.replicaSeconds()))
        .orElse(OptionalDouble.empty());
  }

  /** The process ids of the endpoint's replicas (for operators and tests). */
  public List<Long> endpointProcesses(String endpointId) {
    return endpoints.byId(endpointId).map(LocalEndpoint::pids).orElse(List.of());
  }

  /** The process id of the run's training, while it runs. */
  public Optional<Long> trainingProcess(String runId) {
    return trainings.process(runId).map(ChildProcess::pid);
  }

  /** The endpoint itself, for tests in this package. */
  LocalEndpoint endpoint(String endpointId) {
    return endpoints.byId(endpointId).orElseThrow();
  }

  /** Every child process this backend runs now. */
  public List<Long> processes() {
    List<Long> pids = new ArrayList<>();
    for (String runId : trainings.runningIds()) {
      trainingProcess(runId).ifPresent(pids::add);
    }
    endpoints.ids().forEach(id -> pids.addAll(endpointProcesses(id)));
    return pids;
  }

  /** Platform shutdown: replicas drained, trainings stopped at a checkpoint; no process left. */
  @Override
  public void close() {
    log.info("stopping local compute: draining endpoints, checkpointing trainings");
    Thread stopTrainings = Thread.ofVirtual().start(trainings::close);
    endpoints.close();
    try {
      stopTrainings.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    http.close();
  }

  private void requireGpuIfAsked(String computeType) {
    if (computeType == null || computeType.isBlank() || computeType.equalsIgnoreCase("cpu")) {
      return;
    }
    if (!computeType.equalsIgnoreCase("gpu")) {
      throw WorkerFailure.computeUnavailable(
          "computeType '" + computeType + "' is not one of cpu, gpu");
    }
    ModelRuntimeLauncher.Devices devices = runtime.devices();
    if (devices.gpus() == 0) {
      throw WorkerFailure.computeUnavailable(
          "computeType gpu: this machine has no GPU the model runtime can use"
              + (devices.problem() == null ? "" : " (" + devices.problem() + ")")
              + "; use computeType cpu");
    }
  }

  private static void validate(EndpointSpec spec) {
    List<String> problems = new ArrayList<>();
    if (spec.endpointId() == null || spec.endpointId().isBlank()) {
      problems.add("endpointId: must not be empty");
    }
    if (spec.name() == null || !NAME.matcher(spec.name()).matches()) {
      problems.add(
          "name: '"
              + spec.name()
              + "' must be 1-63 lower-case letters, digits or '-', starting and ending with a"
              + " letter or digit");
    }
    if (spec.artifactDir() == null
        || !Files.isRegularFile(spec.artifactDir().resolve("model-card.json"))) {
      problems.add("artifactDir: " + spec.artifactDir() + " is not a model artifact");
    }
    if (!"private".equals(spec.visibility()) && !"public".equals(spec.visibility())) {
      problems.add("visibility: '" + spec.visibility() + "' is not one of private, public");
    }
    if (spec.tenantId() == null && "public".equals(spec.visibility())) {
      problems.add("tenantId: a public endpoint needs its tenant (whose API keys it answers)");
    }
    if (spec.computeType() != null
        && !spec.computeType().equalsIgnoreCase("cpu")
        && !spec.computeType().equalsIgnoreCase("gpu")) {
      problems.add("computeType: '" + spec.computeType() + "' is not one of cpu, gpu");
    }
    if (!POLICIES.contains(spec.policy())) {
      problems.add("autoscaling.policy: '" + spec.policy() + "' is not one of " + POLICIES);
    }
    if (!(spec.target() > 0)) {
      problems.add("autoscaling.target: must be greater than 0");
    }
    if (spec.minReplicas() < 0) {
      problems.add("autoscaling.minReplicas: must be 0 or more");
    }
    if (spec.maxReplicas() < 1 || spec.maxReplicas() < spec.minReplicas()) {
      problems.add("autoscaling.maxReplicas: must be at least 1 and at least minReplicas");
    }
    try {
      ReplicaSet.podSize(spec);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    if (!problems.isEmpty()) {
      throw WorkerFailure.invalidDeployment(String.join("; ", problems));
    }
  }
}
