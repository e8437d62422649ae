package dev.millrace.platform.deployments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.deployments.Deployments;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * The {@link Deployments} port: the steps of deploy-model, monitor-endpoint and undeploy-model.
 * Each is idempotent (a worker may run it again after a crash) and records on the deployment what
 * it did, or why it failed, before it reports a BPMN error.
 */
@Service
class DeploymentSteps implements Deployments {

  private static final Logger log = LoggerFactory.getLogger(DeploymentSteps.class);

  private final DeploymentStore store;
  private final DeploymentRules rules;
  private final ObjectProvider<ComputeBackend> computeBackend;
  private final EndpointBilling billing;
  private final SmokeTest smokeTest;
  private final EndpointReports reports;
  private final DeploymentLauncher launcher;
  private final ObjectMapper json;
  private final Clock clock;

  DeploymentSteps(
      DeploymentStore store,
      DeploymentRules rules,
      ObjectProvider<ComputeBackend> computeBackend,
      EndpointBilling billing,
      SmokeTest smokeTest,
      EndpointReports reports,
      DeploymentLauncher launcher,
      ObjectMapper json,
      Clock clock) {
    this.store = store;
    this.rules = rules;
    this.computeBackend = computeBackend;
    this.billing = billing;
    this.smokeTest = smokeTest;
    this.reports = reports;
    this.launcher = launcher;
    this.json = json;
    this.clock = clock;
  }

  /** The spec and the artifact once more (they may have changed since the request), and quota. */
  @Override
  public void validate(String deploymentId) {
    Deployment d = find(deploymentId);
    try {
      rules.recheck(d);
    } catch (WorkerFailure failure) {
      recordFailure(d.id(), failure);
      throw failure;
    }
  }

  /**
   * Applies the endpoint, holding the deployment's row: an undeploy that has begun (the row is
   * DRAINING) is never overtaken by a late provisioning that would bring the endpoint back.
   */
  @Override
  public void provision(String deploymentId) {
    UUID id = parse(deploymentId);
    EndpointStatus status;
    try {
      status =
          store.locked(
              id,
              d -> {
                if (d.status() != DeploymentStatus.PROVISIONING || d.tornDownAt() != null) {
                  log.info("deployment {} is {}: not provisioned", id, d.status().label());
                  return null;
                }
                d.provisioned(clock.instant());
                return compute().applyEndpoint(d.endpointSpec());
              });
    } catch (WorkerFailure failure) {
      // The process catches COMPUTE_UNAVAILABLE here; a spec the backend refuses is the same
      // outcome for the user (nothing runs), said plainly.
      WorkerFailure unavailable =
          "COMPUTE_UNAVAILABLE".equals(failure.errorCode())
              ? failure
              : WorkerFailure.computeUnavailable(
                  "the compute backend refused the endpoint: " + failure.getMessage());
      recordFailure(id, unavailable);
      throw unavailable;
    }
    if (status != null && status.ready()) {
      // Re-provisioned after a retry: the backend may not report a change any more.
      reports.signalReady(find(deploymentId), status.url());
    }
  }

  @Override
  public void smokeTest(String deploymentId) {
    Deployment d = find(deploymentId);
    EndpointStatus endpoint = compute().endpointStatus(deploymentId).orElse(null);
    if (endpoint == null || "FAILED".equals(endpoint.state())) {
      WorkerFailure failure =
          WorkerFailure.smokeTestFailed(
              endpoint == null
                  ? "the endpoint is not running any more"
                  : "the endpoint's replicas fail to start: " + endpoint.message());
      recordFailure(d.id(), failure);
      throw failure;
    }
    String url = endpoint.url();
    SmokeTest.Result result;
    try {
      result = smokeTest.run(d, url);
    } catch (WorkerFailure failure) {
      recordFailure(d.id(), failure);
      throw failure;
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("latencyMillis", result.latencyMillis());
    summary.put("attempts", result.attempts());
    summary.put("answer", result.answer());
    summary.put("comparedWithInProcessPrediction", result.comparison());
    summary.put("at", clock.instant().toString());
    String text;
    try {
      text = json.writeValueAsString(summary);
    } catch (JsonProcessingException e) {
      text = summary.toString();
    }
    String stored = text;
    store.update(d.id(), x -> x.smokeTested(stored));
  }

  @Override
  public String publish(String deploymentId) {
    String url =
        compute()
            .endpointStatus(deploymentId)
            .map(EndpointStatus::url)
            .orElseGet(() -> find(deploymentId).url());
    store.update(parse(deploymentId), d -> d.published(url, clock.instant()));
    return url;
  }

  /**
   * Marks the deployment DRAINING. The local backend drains as it removes the endpoint (requests in
   * flight finish, new ones are refused), so there is nothing more to do before the teardown.
   */
  @Override
  public void drain(String deploymentId) {
    store.update(parse(deploymentId), Deployment::draining);
  }

  /** Reads the replica meter a last time, then removes the endpoint (idempotent). */
  @Override
  public void teardown(String deploymentId) {
    billing.meterBeforeTeardown(parse(deploymentId));
    compute().deleteEndpoint(deploymentId);
  }

  @Override
  public void settle(String deploymentId) {
    billing.settle(parse(deploymentId));
  }

  /**
   * Ends the deployment. A refused or failed one gets back whatever is still reserved (the credits
   * were reserved by the request, before the process's checks ran).
   */
  @Override
  public void finish(String deploymentId, String status) {
    DeploymentStatus end = DeploymentStatus.valueOf(status.toUpperCase(Locale.ROOT));
    if (end.live()) {
      throw new IllegalArgumentException("finish with a final status, not " + status);
    }
    store.locked(
        parse(deploymentId),
        d -> {
          if (end != DeploymentStatus.DELETED) {
            billing.releaseIfOpen(d);
            if (d.failureMessage() == null && end == DeploymentStatus.FAILED) {
              d.failure(
                  "the endpoint was not ready within "
                      + d.readinessTimeoutSeconds()
                      + " s"
                      + (d.endpointMessage() == null ? "" : " (" + d.endpointMessage() + ")"));
            }
          }
          d.finish(end, clock.instant());
          return null;
        });
  }

  @Override
  public void requestUndeploy(String deploymentId) {
    launcher.undeploy(find(deploymentId));
  }

  @Override
  public Map<String, Object> collect(String deploymentId) {
    return billing.collect(parse(deploymentId));
  }

  /** The platform's compute backend; none configured fails the step (and shows as an incident). */
  private ComputeBackend compute() {
    ComputeBackend backend = computeBackend.getIfAvailable();
    if (backend == null) {
      throw WorkerFailure.computeUnavailable("no compute backend is configured on this platform");
    }
    return backend;
  }

  /** Only while provisioning: a step of a deploy-model cancelled by an undeploy says nothing. */
  private void recordFailure(UUID id, WorkerFailure failure) {
    store.update(
        id,
        d -> {
          if (d.status() == DeploymentStatus.PROVISIONING) {
            d.failure(failure.getMessage());
          }
        });
  }

  private Deployment find(String deploymentId) {
    return store
        .find(parse(deploymentId))
        .orElseThrow(() -> new IllegalStateException("no deployment " + deploymentId));
  }

  private static UUID parse(String deploymentId) {
    return DeploymentStore.parse(deploymentId)
        .orElseThrow(() -> new IllegalArgumentException("not a deployment id: " + deploymentId));
  }
}
