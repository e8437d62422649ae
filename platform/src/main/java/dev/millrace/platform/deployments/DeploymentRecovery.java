package dev.millrace.platform.deployments;

import dev.millrace.platform.compute.local.LocalComputeBackend;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Deployments across platform restarts. The compute backend keeps nothing: at start-up every
 * provisioning or ready deployment whose endpoint was provisioned is applied again, with the
 * replica count it last reported (the local backend restores it within the scaling bounds; zero
 * stays zero for a scale-to-zero endpoint, which then cold-starts on its next request). Before the
 * platform stops, the replica meter of every live deployment is read, so a clean restart loses no
 * billable time (a crash loses what was used since the last monitor round).
 */
@Component
class DeploymentRecovery {

  private static final Logger log = LoggerFactory.getLogger(DeploymentRecovery.class);

  private final DeploymentRepository deployments;
  private final DeploymentStore store;
  private final EndpointBilling billing;
  private final ObjectProvider<ComputeBackend> compute;

  DeploymentRecovery(
      DeploymentRepository deployments,
      DeploymentStore store,
      EndpointBilling billing,
      ObjectProvider<ComputeBackend> compute) {
    this.deployments = deployments;
    this.store = store;
    this.billing = billing;
    this.compute = compute;
  }

  @EventListener(ApplicationReadyEvent.class)
  void restoreEndpoints() {
    ComputeBackend backend = compute.getIfAvailable();
    if (backend == null) {
      return;
    }
    // Not DRAINING ones: their undeploy-model goes on and removes the endpoint anyway, and
    // nothing was in flight across the stop that a drain would have to let finish.
    for (Deployment live :
        deployments.findByStatusIn(
            EnumSet.of(DeploymentStatus.PROVISIONING, DeploymentStatus.READY))) {
      try {
        store.locked(
            live.id(),
            d -> {
              if (d.status() == DeploymentStatus.DRAINING
                  || !d.status().live()
                  || d.provisionedAt() == null
                  || d.tornDownAt() != null) {
                return null;
              }
              if (backend.endpointStatus(d.id().toString()).isPresent()) {
                return null;
              }
              EndpointSpec spec = d.endpointSpec();
              // Still provisioning: a replica must come up for readiness and the smoke test.
              int replicas =
                  d.status() == DeploymentStatus.PROVISIONING
                      ? Math.max(d.desiredReplicas(), 1)
                      : d.desiredReplicas();
              EndpointStatus status =
                  backend instanceof LocalComputeBackend local
                      ? local.restoreEndpoint(spec, replicas)
                      : backend.applyEndpoint(spec);
              // The router's base may differ from the last run's (another port or host).
              d.moved(status.url());
              log.info(
                  "deployment {} ({}): endpoint {} restored with {} replica(s)",
                  d.id(),
                  d.status().label(),
                  d.endpointName(),
                  replicas);
              return null;
            });
      } catch (RuntimeException e) {
        log.error("deployment {}: its endpoint could not be restored", live.id(), e);
        store.update(
            live.id(), d -> d.endpointFailed("restoring the endpoint failed: " + e.getMessage()));
      }
    }
  }

  @EventListener(ContextClosedEvent.class)
  void meterBeforeStop() {
    for (Deployment live :
        deployments.findByStatusIn(
            EnumSet.of(
                DeploymentStatus.PROVISIONING,
                DeploymentStatus.READY,
                DeploymentStatus.DRAINING))) {
      try {
        billing.meterNow(live.id());
      } catch (RuntimeException e) {
        log.warn("deployment {}: replica time not read before the stop", live.id(), e);
      }
    }
  }
}
