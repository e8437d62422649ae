package dev.millrace.platform.deployments;

import dev.millrace.platform.compute.local.EndpointListener;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.ScalingEvent;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the compute backend reports about deployments' endpoints: replica counts and state go onto
 * the deployment, each new scaling decision is stored with its reason, and the first time an
 * endpoint serves (or fails), deploy-model hears {@code endpoint-ready}. Endpoints that are no
 * deployment's (tests, operators) are ignored.
 */
@Component
class EndpointReports implements EndpointListener {

  private static final Logger log = LoggerFactory.getLogger(EndpointReports.class);

  private final DeploymentStore store;
  private final ScalingEventRepository events;
  private final DeploymentProcesses processes;
  private final TransactionTemplate tx;
  private final Clock clock;

  EndpointReports(
      DeploymentStore store,
      ScalingEventRepository events,
      DeploymentProcesses processes,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.store = store;
    this.events = events;
    this.processes = processes;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  @Override
  public void endpointChanged(EndpointStatus status) {
    Optional<UUID> id = DeploymentStore.parse(status.endpointId());
    if (id.isEmpty() || store.find(id.get()).isEmpty()) {
      return;
    }
    Deployment deployment =
        store
            .update(
                id.get(),
                d -> {
                  if (d.tornDownAt() == null) {
                    d.observed(status);
                  }
                })
            .orElseThrow();
    record(deployment.id(), status);
    // A FAILED endpoint (its replicas keep failing to start) also ends the wait: the smoke test
    // then fails at once with the backend's reason, instead of the readiness timeout much later.
    if ((status.ready() || "FAILED".equals(status.state()))
        && deployment.readySignalledAt() == null
        && deployment.status() == DeploymentStatus.PROVISIONING) {
      signalReady(deployment, status.url());
    }
  }

  /** Publishes {@code endpoint-ready} once per deployment (provisioning calls it too). */
  void signalReady(Deployment deployment, String url) {
    try {
      processes.endpointReady(deployment, url);
      store.update(deployment.id(), d -> d.readySignalled(clock.instant()));
    } catch (RuntimeException e) {
      // The next report (or the readiness timeout) follows; nothing is lost by waiting.
      log.warn("could not tell deploy-model that deployment {} is ready", deployment.id(), e);
    }
  }

  /** Stores the backend's scaling events newer than the newest stored one. */
  private void record(UUID deploymentId, EndpointStatus status) {
    tx.executeWithoutResult(
        s -> {
          Instant latest = events.latest(deploymentId).orElse(Instant.MIN);
          for (ScalingEvent e : status.recentScalingEvents()) {
            if (e.at().isAfter(latest)) {
              events.save(
                  new ScalingEventRecord(
                      deploymentId, e.at(), e.fromReplicas(), e.toReplicas(), e.reason()));
            }
          }
        });
  }
}
