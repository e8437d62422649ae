package dev.millrace.platform.training;

import dev.millrace.platform.web.NotFoundException;
import dev.millrace.workers.credits.CreditLedger;
import java.time.Clock;
import java.util.EnumSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After a platform restart, picks up the runs the last one left in flight, so none waits forever
 * and no credits stay reserved for nothing:
 *
 * <ul>
 *   <li>compute asked for or running: started again through the backend, which resumes from the
 *       run's last checkpoint; if that is impossible the run is reported failed, and its process
 *       releases the credits;
 *   <li>compute ended but (perhaps) not yet told to the process: the end is published again;
 *   <li>stored, credits reserved, but no process started (the platform died in the request): the
 *       reservation is released and the run failed.
 * </ul>
 */
@Component
class RunRecovery {

  private static final Logger log = LoggerFactory.getLogger(RunRecovery.class);

  private final TrainingRunRepository runs;
  private final RunStore store;
  private final RunSteps steps;
  private final RunProgress progress;
  private final CreditLedger ledger;
  private final Clock clock;

  RunRecovery(
      TrainingRunRepository runs,
      RunStore store,
      RunSteps steps,
      RunProgress progress,
      CreditLedger ledger,
      Clock clock) {
    this.runs = runs;
    this.store = store;
    this.steps = steps;
    this.progress = progress;
    this.ledger = ledger;
    this.clock = clock;
  }

  @EventListener(ApplicationReadyEvent.class)
  void recover() {
    for (TrainingRun run :
        runs.findByStateIn(
            EnumSet.of(
                RunState.PENDING, RunState.STARTING, RunState.RUNNING, RunState.FINISHING))) {
      try {
        recover(run);
      } catch (RuntimeException e) {
        log.error("Could not recover run {} after the restart", run.id(), e);
      }
    }
  }

  void recover(TrainingRun run) {
    if (run.outcome() != null) {
      log.info(
          "Run {}: compute had ended ({}); telling its process again", run.id(), run.outcome());
      progress.publishEnd(run);
      return;
    }
    if (run.processInstanceKey() == null) {
      abandon(run);
      return;
    }
    if (!run.state().computeLive()) {
      return; // PENDING with a process: its start step runs (again) when the engine hands it out
    }
    try {
      steps.start(run);
      log.info("Run {}: compute started again (it resumes from its last checkpoint)", run.id());
    } catch (RuntimeException e) {
      log.warn("Run {}: cannot resume after the restart: {}", run.id(), e.getMessage());
      progress.ended(
          run.id().toString(),
          "failed",
          run.computeSeconds() == null ? 0 : run.computeSeconds(),
          null,
          null,
          "could not resume after a platform restart: " + e.getMessage());
    }
  }

  private void abandon(TrainingRun run) {
    log.warn("Run {}: the platform stopped before its process started; releasing", run.id());
    try {
      ledger.release(run.reservationKey(), "release:" + run.id());
    } catch (NotFoundException noReservation) {
      // It stopped before reserving, too: nothing to give back.
    }
    store.update(
        run.id(),
        r ->
            r.finish(
                RunState.FAILED,
                "the platform stopped before the run's process started; its credits were released",
                clock.instant()));
  }
}
