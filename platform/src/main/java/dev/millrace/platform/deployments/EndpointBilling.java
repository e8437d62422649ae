package dev.millrace.platform.deployments;

import dev.millrace.platform.credits.CreditReservation;
import dev.millrace.platform.credits.CreditStatements;
import dev.millrace.platform.credits.DoubleEntryLedger;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.credits.CreditLedger.Capture;
import dev.millrace.workers.credits.InsufficientCreditsException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Charges endpoint time: replica-seconds (as the {@link EndpointMeter} counts them) at the
 * deployment's price, captured from its reservation {@code endpoint:<id>}.
 *
 * <p>Every step that reads the meter and captures holds the deployment's row lock, in the same
 * database transaction as the ledger's movements: a reading and the capture it pays for commit
 * together or not at all, and two steps never bill the same seconds. The amount captured is always
 * the price of everything metered so far, rounded up once, minus what was already billed, so
 * rounding never accumulates over many rounds. Capture and top-up keys carry the round number, a
 * counter on the row that commits with them, so a retried step moves no money twice.
 */
@Component
class EndpointBilling {

  private final DeploymentRepository deployments;
  private final DoubleEntryLedger ledger;
  private final CreditStatements statements;
  private final EndpointMeter meter;
  private final TransactionTemplate tx;
  private final Clock clock;

  EndpointBilling(
      DeploymentRepository deployments,
      DoubleEntryLedger ledger,
      CreditStatements statements,
      EndpointMeter meter,
      PlatformTransactionManager transactions,
      Clock clock) {
    this.deployments = deployments;
    this.ledger = ledger;
    this.statements = statements;
    this.meter = meter;
    this.tx = new TransactionTemplate(transactions);
    this.clock = clock;
  }

  /** What one billing step did. */
  record Round(
      boolean ended,
      int round,
      double replicaSeconds,
      double meteredReplicaSeconds,
      long captured,
      long shortfall,
      int desiredReplicas) {}

  /**
   * One monitoring round: bills the replica time since the last round, then makes sure the
   * reservation covers the next interval at the current replica count.
   *
   * @throws WorkerFailure CREDITS_EXHAUSTED when the use could not be paid in full or the next
   *     interval cannot be reserved (what was used is captured all the same)
   */
  Map<String, Object> collect(UUID id) {
    Round round =
        tx.execute(
            status -> {
              Deployment d = locked(id);
              if (!d.status().live() || d.settledAt() != null) {
                return new Round(
                    true, 0, 0, d.billing().meteredReplicaSeconds(), 0, 0, d.desiredReplicas());
              }
              return bill(d, "use");
            });
    Deployment d = deployments.findById(id).orElseThrow();
    Map<String, Object> summary = summary(d, round);
    if (round.ended()) {
      summary.put("ended", true);
      return summary;
    }
    if (round.shortfall() > 0) {
      throw WorkerFailure.creditsExhausted(
          "credits exhausted: the endpoint's use since the last round cost "
              + InsufficientCreditsException.format(round.captured() + round.shortfall())
              + " credits and only "
              + InsufficientCreditsException.format(round.captured())
              + " could be paid");
    }
    long ahead =
        EndpointTariff.microCredits(
            d.billing().pricePerReplicaSecond(),
            Duration.ofSeconds(d.monitorIntervalSeconds()),
            round.desiredReplicas());
    long remaining = reservation(d).map(CreditReservation::remaining).orElse(0L);
    if (remaining < ahead) {
      try {
        // Its own ledger transaction: a refusal must not undo the capture above.
        ledger.extend(
            d.reservationKey(), ahead - remaining, d.reservationKey() + ":top-up:" + round.round());
      } catch (InsufficientCreditsException e) {
        throw WorkerFailure.creditsExhausted(
            "credits exhausted: the next "
                + d.monitorIntervalSeconds()
                + " s at "
                + Math.max(round.desiredReplicas(), 1)
                + " replica(s) need "
                + InsufficientCreditsException.format(ahead - remaining)
                + " more credits, "
                + InsufficientCreditsException.format(e.availableMicroCredits())
                + " available");
      }
      summary.put("toppedUpMicroCredits", ahead - remaining);
    }
    return summary;
  }

  /** Takes a last reading before the endpoint goes (its replica time up to now is billed later). */
  void meterBeforeTeardown(UUID id) {
    tx.executeWithoutResult(
        status -> {
          Deployment d = locked(id);
          d.billing().meter(meter.session(), meter.replicaSeconds(id.toString()));
          d.tornDown(clock.instant());
        });
  }

  /** Reads the deployment's meter now, e.g. before the platform (and the meter) stops. */
  void meterNow(UUID id) {
    tx.executeWithoutResult(
        status -> {
          Deployment d = locked(id);
          if (d.status().live() && d.settledAt() == null) {
            d.billing().meter(meter.session(), meter.replicaSeconds(id.toString()));
          }
        });
  }

  /** Final settlement: bills what is left to bill and releases the rest; idempotent. */
  void settle(UUID id) {
    tx.executeWithoutResult(
        status -> {
          Deployment d = locked(id);
          if (d.settledAt() != null) {
            return;
          }
          bill(d, "final");
          ledger.release(d.reservationKey(), d.reservationKey() + ":release");
          d.settled(clock.instant());
        });
  }

  /** Returns what is left of the reservation, if it is still open (a failed or refused one). */
  void releaseIfOpen(Deployment d) {
    if (reservation(d).map(r -> r.state() == CreditReservation.State.OPEN).orElse(false)) {
      // The deploy-model process's own release step uses this key: whichever runs first releases.
      ledger.release(d.reservationKey(), "release:" + d.id());
    }
  }

  private Round bill(Deployment d, String kind) {
    double used = d.billing().meter(meter.session(), replicaSecondsOrEmpty(d));
    int round = d.billing().nextBillingRound();
    long due =
        EndpointTariff.microCredits(
                d.billing().pricePerReplicaSecond(), d.billing().meteredReplicaSeconds())
            - d.billing().capturedMicroCredits()
            - d.billing().shortfallMicroCredits();
    long captured = 0;
    long shortfall = 0;
    boolean open = reservation(d).map(r -> r.state() == CreditReservation.State.OPEN).orElse(false);
    if (due > 0 && open) {
      Capture capture =
          ledger.capture(d.reservationKey(), due, d.reservationKey() + ":" + kind + ":" + round);
      captured = capture.microCredits();
      shortfall = capture.shortfallMicroCredits();
      d.billing().billed(captured, shortfall);
    }
    return new Round(
        false,
        round,
        used,
        d.billing().meteredReplicaSeconds(),
        captured,
        shortfall,
        d.desiredReplicas());
  }

  private OptionalDouble replicaSecondsOrEmpty(Deployment d) {
    return d.tornDownAt() == null
        ? meter.replicaSeconds(d.id().toString())
        : OptionalDouble.empty();
  }

  private Optional<CreditReservation> reservation(Deployment d) {
    return statements.reservation(d.reservationKey());
  }

  private Deployment locked(UUID id) {
    return deployments
        .lockById(id)
        .orElseThrow(() -> new IllegalStateException("no deployment " + id));
  }

  private static Map<String, Object> summary(Deployment d, Round round) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("round", round.round());
    summary.put("replicaSeconds", round.replicaSeconds());
    summary.put("meteredReplicaSeconds", d.billing().meteredReplicaSeconds());
    summary.put("capturedMicroCredits", round.captured());
    summary.put("totalCapturedMicroCredits", d.billing().capturedMicroCredits());
    summary.put("desiredReplicas", d.desiredReplicas());
    summary.put("readyReplicas", d.readyReplicas());
    return summary;
  }
}
