package dev.millrace.platform.deployments;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to a deployment, each in its own short transaction. The backend's reports (on its
 * notification thread), the process steps and REST calls change the same row: small changes retry
 * on the row's version; steps that must not interleave (provisioning against teardown, undeploy
 * requests) hold the row lock instead.
 */
@Component
class DeploymentStore {

  private static final int ATTEMPTS = 10;

  private final DeploymentRepository deployments;
  private final TransactionTemplate tx;

  DeploymentStore(DeploymentRepository deployments, PlatformTransactionManager transactions) {
    this.deployments = deployments;
    this.tx = new TransactionTemplate(transactions);
  }

  Optional<Deployment> find(UUID id) {
    return deployments.findById(id);
  }

  /** Applies {@code change} and returns the row as stored; empty when there is no such row. */
  Optional<Deployment> update(UUID id, Consumer<Deployment> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.ofNullable(
            tx.execute(
                status -> {
                  Deployment d = deployments.findById(id).orElse(null);
                  if (d == null) {
                    return null;
                  }
                  change.accept(d);
                  return deployments.saveAndFlush(d);
                }));
      } catch (OptimisticLockingFailureException raced) {
        if (attempt >= ATTEMPTS) {
          throw raced;
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Runs {@code work} holding the row lock; throws when there is no such deployment. */
  <T> T locked(UUID id, Function<Deployment, T> work) {
    return tx.execute(
        status ->
            work.apply(
                deployments
                    .lockById(id)
                    .orElseThrow(() -> new IllegalStateException("no deployment " + id))));
  }

  /** Parses a deployment id as the process or the backend carries it; a malformed one is none. */
  static Optional<UUID> parse(String id) {
    try {
      return Optional.of(UUID.fromString(id));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
