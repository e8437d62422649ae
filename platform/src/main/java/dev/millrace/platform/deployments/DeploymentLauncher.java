package dev.millrace.platform.deployments;

import dev.millrace.platform.web.ConflictException;
import dev.millrace.workers.credits.CreditLedger;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;

/**
 * Starts and ends deployments for the REST API and the monitor: reserves the first period's credits
 * in the request itself (under {@code endpoint:<id>}, which deploy-model's own reserve step then
 * finds already made), then starts deploy-model; not enough credits is a 402 and nothing else
 * happens. Undeploying starts undeploy-model once per deployment.
 */
@Service
class DeploymentLauncher {

  private static final Logger log = LoggerFactory.getLogger(DeploymentLauncher.class);

  private final DeploymentRepository deployments;
  private final DeploymentStore store;
  private final CreditLedger ledger;
  private final DeploymentProcesses processes;
  private final DeploymentProperties settings;
  private final Clock clock;

  DeploymentLauncher(
      DeploymentRepository deployments,
      DeploymentStore store,
      CreditLedger ledger,
      DeploymentProcesses processes,
      DeploymentProperties settings,
      Clock clock) {
    this.deployments = deployments;
    this.store = store;
    this.ledger = ledger;
    this.processes = processes;
    this.settings = settings;
    this.clock = clock;
  }

  Deployment launch(UUID tenantId, DeploymentRules.Checked checked) {
    long reservation =
        EndpointTariff.microCredits(
            checked.pricePerReplicaSecond(),
            settings.reservationPeriod(),
            checked.spec().minReplicas());
    UUID id = UUID.randomUUID();
    Deployment deployment;
    try {
      deployment =
          deployments.saveAndFlush(
              new Deployment(
                  id,
                  tenantId,
                  checked.spec(),
                  checked.pricePerReplicaSecond(),
                  reservation,
                  (int) settings.readinessTimeout().toSeconds(),
                  (int) Math.max(1, settings.monitorInterval().toSeconds()),
                  clock.instant()));
    } catch (DataIntegrityViolationException raced) {
      throw new ConflictException(
          "name-taken", "A live deployment named '" + checked.spec().name() + "' was just created");
    }
    try {
      ledger.reserve(
          tenantId.toString(), reservation, deployment.reservationKey(), "endpoint " + id);
    } catch (RuntimeException e) {
      // 402 (InsufficientCreditsException) or anything else: nothing reserved, no deployment.
      deployments.deleteById(id);
      throw e;
    }
    long processKey;
    try {
      processKey =
          processes.startDeploy(
              deployment, settings.readinessTimeout(), settings.monitorInterval());
    } catch (RuntimeException e) {
      log.warn("The engine did not start deploy-model for deployment {}", id, e);
      ledger.release(deployment.reservationKey(), "release:" + id);
      store.update(
          id,
          d -> {
            d.failure("the process engine did not start the deployment: " + e.getMessage());
            d.finish(DeploymentStatus.FAILED, clock.instant());
          });
      throw new EngineUnavailableException(
          "The process engine did not start the deployment ("
              + e.getMessage()
              + "); nothing was charged");
    }
    return store.update(id, d -> d.processStarted(processKey)).orElseThrow();
  }

  /**
   * Starts undeploy-model unless one was started already; a deployment still provisioning has its
   * deploy-model cancelled first, so the two never work on one endpoint at once. An ended
   * deployment is left as it is.
   */
  Deployment undeploy(Deployment deployment) {
    return store.locked(
        deployment.id(),
        d -> {
          if (!d.status().live() || d.undeployProcessKey() != null) {
            return d;
          }
          if (d.status() == DeploymentStatus.PROVISIONING && d.deployProcessKey() != null) {
            processes.cancel(d.deployProcessKey());
          }
          long undeployKey;
          try {
            undeployKey = processes.startUndeploy(d);
          } catch (RuntimeException e) {
            throw new EngineUnavailableException(
                "The process engine did not start the undeployment (" + e.getMessage() + ")");
          }
          d.undeployStarted(undeployKey, clock.instant());
          return d;
        });
  }
}
