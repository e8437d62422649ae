package dev.millrace.platform.training;

import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to a run, each in its own short transaction. The backend's reports (from its threads),
 * the process steps and REST calls may change one run at the same time: the row's version catches
 * the race and the change is applied again to the fresh row.
 */
@Component
class RunStore {

  private static final int ATTEMPTS = 10;

  private final TrainingRunRepository runs;
  private final TransactionTemplate tx;

  RunStore(TrainingRunRepository runs, PlatformTransactionManager transactions) {
    this.runs = runs;
    this.tx = new TransactionTemplate(transactions);
  }

  Optional<TrainingRun> find(UUID id) {
    return runs.findById(id);
  }

  /** Applies {@code change} to the run and returns it as stored; empty if there is no such run. */
  Optional<TrainingRun> update(UUID id, Consumer<TrainingRun> change) {
    for (int attempt = 1; ; attempt++) {
      try {
        return Optional.ofNullable(
            tx.execute(
                status -> {
                  TrainingRun run = runs.findById(id).orElse(null);
                  if (run == null) {
                    return null;
                  }
                  change.accept(run);
                  return runs.saveAndFlush(run);
                }));
      } catch (OptimisticLockingFailureException raced) {
        if (attempt >= ATTEMPTS) {
          throw raced;
        }
        Thread.onSpinWait();
      }
    }
  }

  /** Parses a run id as the process carries it; a malformed one names no run. */
  static Optional<UUID> parse(String runId) {
    try {
      return Optional.of(UUID.fromString(runId));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
