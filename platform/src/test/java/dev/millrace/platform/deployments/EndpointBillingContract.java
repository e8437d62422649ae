package dev.millrace.platform.deployments;

import static dev.millrace.workers.credits.CreditLedger.MICRO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.platform.credits.AccountKind;
import dev.millrace.platform.credits.CreditReservation;
import dev.millrace.platform.credits.CreditStatements;
import dev.millrace.platform.credits.DoubleEntryLedger;
import dev.millrace.platform.testing.Api;
import dev.millrace.workers.WorkerFailure;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Endpoint billing against the real ledger and database (H2 and PostgreSQL), with a meter the test
 * sets: replica time is charged once, rounded once, across rounds and platform sessions; the
 * reservation is topped up ahead; exhausted credits are reported without losing the capture; the
 * final settlement closes the reservation. Also the deployment table's rules on both databases.
 */
abstract class EndpointBillingContract {

  /** A replica meter the test moves by hand. */
  static final class SetMeter implements EndpointMeter {
    volatile String session = "session-1";
    final Map<String, Double> readings = new ConcurrentHashMap<>();

    @Override
    public String session() {
      return session;
    }

    @Override
    public OptionalDouble replicaSeconds(String endpointId) {
      Double reading = readings.get(endpointId);
      return reading == null ? OptionalDouble.empty() : OptionalDouble.of(reading);
    }
  }

  @Autowired DeploymentRepository deployments;
  @Autowired ScalingEventRepository events;
  @Autowired DoubleEntryLedger ledger;
  @Autowired CreditStatements statements;
  @Autowired PlatformTransactionManager transactions;
  @Autowired TestRestTemplate http;

  final SetMeter meter = new SetMeter();
  EndpointBilling billing;
  UUID tenant;

  @BeforeEach
  void tenantAndBilling() {
    tenant = new Api(http).newTenant().id();
    billing =
        new EndpointBilling(
            deployments, ledger, statements, meter, transactions, Clock.systemUTC());
  }

  @Test
  void replicaTimeIsChargedOnceAcrossRoundsAndPlatformSessions() {
    grant(10);
    // 0.001 credits per replica-second; the first hour reserved; an hour between rounds.
    Deployment d = deployment("billed", 3_600_000, 3600);
    ledger.reserve(tenant.toString(), 3_600_000, d.reservationKey(), "endpoint");
    String id = d.id().toString();

    meter.readings.put(id, 10.0004);
    Map<String, Object> first = billing.collect(d.id());
    assertThat(first).containsEntry("round", 1).containsEntry("capturedMicroCredits", 10_001L);
    // Rounded up once over the total, not per round: 20.0004 s cost 20,001, so 10,000 more.
    meter.readings.put(id, 20.0004);
    assertThat(billing.collect(d.id())).containsEntry("capturedMicroCredits", 10_000L);
    // The platform restarted: the backend's counter starts again from 0.
    meter.session = "session-2";
    meter.readings.put(id, 5.0);
    Map<String, Object> third = billing.collect(d.id());
    assertThat(third)
        .containsEntry("capturedMicroCredits", 5_000L)
        .containsEntry("totalCapturedMicroCredits", 25_001L)
        .containsEntry("toppedUpMicroCredits", 5_000L);
    // A round with nothing new charges nothing (and the reservation already covers the hour).
    assertThat(billing.collect(d.id())).containsEntry("capturedMicroCredits", 0L);

    CreditReservation open = statements.reservation(d.reservationKey()).orElseThrow();
    assertThat(open.reserved()).as("topped up to keep the next hour").isEqualTo(3_625_001);
    assertThat(open.remaining()).isEqualTo(3_600_000);

    meter.readings.put(id, 7.5);
    billing.settle(d.id());
    billing.settle(d.id());
    CreditReservation closed = statements.reservation(d.reservationKey()).orElseThrow();
    assertThat(closed.state()).isEqualTo(CreditReservation.State.CLOSED);
    assertThat(closed.captured()).isEqualTo(27_501);
    assertThat(closed.captured() + closed.released()).isEqualTo(closed.reserved());
    assertThat(deployments.findById(d.id()).orElseThrow().billing().meteredReplicaSeconds())
        .isCloseTo(27.5004, Offset.offset(1e-9));
    assertThat(billing.collect(d.id())).containsEntry("ended", true);
    assertThat(balance()).isEqualTo(10 * MICRO - 27_501);
  }

  @Test
  void exhaustedCreditsAreReportedAndWhatWasUsedIsStillCaptured() {
    grant(4);
    Deployment d = deployment("thirsty", 3_600_000, 3600);
    ledger.reserve(tenant.toString(), 3_600_000, d.reservationKey(), "endpoint");
    String id = d.id().toString();
    meter.readings.put(id, 100.0);
    assertThat(billing.collect(d.id())).containsEntry("toppedUpMicroCredits", 100_000L);

    meter.readings.put(id, 1000.0);
    assertThatThrownBy(() -> billing.collect(d.id()))
        .isInstanceOfSatisfying(
            WorkerFailure.class, e -> assertThat(e.errorCode()).isEqualTo("CREDITS_EXHAUSTED"))
        .hasMessageContaining("need 0.9 more credits, 0.3 available");
    assertThat(statements.reservation(d.reservationKey()).orElseThrow().captured())
        .as("the round's capture stands")
        .isEqualTo(1_000_000);

    // More use than reservation and balance together: the rest is recorded as unpaid.
    meter.readings.put(id, 5000.0);
    assertThatThrownBy(() -> billing.collect(d.id())).hasMessageContaining("could be paid");
    Deployment after = deployments.findById(d.id()).orElseThrow();
    assertThat(after.billing().capturedMicroCredits()).isEqualTo(4_000_000);
    assertThat(after.billing().shortfallMicroCredits()).isEqualTo(1_000_000);
    assertThat(balance()).isZero();
    billing.settle(d.id());
    assertThat(statements.reservation(d.reservationKey()).orElseThrow().state())
        .isEqualTo(CreditReservation.State.CLOSED);
  }

  @Test
  void liveNamesAreUniquePerTenantAndFreeOnceTheDeploymentEnds() {
    Deployment first = deployment("same-name", 1, 60);
    assertThatThrownBy(() -> deployment("same-name", 1, 60))
        .isInstanceOf(DataIntegrityViolationException.class);
    UUID otherTenant = new Api(http).newTenant().id();
    Deployment elsewhere = deployments.saveAndFlush(newDeployment(otherTenant, "same-name", 1, 60));
    assertThat(elsewhere.endpointName()).isNotEqualTo(first.endpointName());

    first.finish(DeploymentStatus.DELETED, Instant.now());
    deployments.saveAndFlush(first);
    assertThat(deployment("same-name", 1, 60).status()).isEqualTo(DeploymentStatus.PROVISIONING);
    assertThat(deployments.existsByTenantIdAndLiveName(tenant, "same-name")).isTrue();
  }

  @Test
  void scalingEventTimesComeBackExactlySoNoneIsStoredTwice() {
    Deployment d = deployment("evented", 1, 60);
    Instant at = Instant.now().truncatedTo(ChronoUnit.MICROS);
    events.saveAndFlush(new ScalingEventRecord(d.id(), at, 1, 2, "requests 5/s → 2"));
    assertThat(events.latest(d.id())).contains(at);
  }

  private Deployment deployment(String name, long reserved, int monitorIntervalSeconds) {
    return deployments.saveAndFlush(newDeployment(tenant, name, reserved, monitorIntervalSeconds));
  }

  private static Deployment newDeployment(
      UUID tenantId, String name, long reserved, int monitorIntervalSeconds) {
    return new Deployment(
        UUID.randomUUID(),
        tenantId,
        new Deployment.Spec(
            name,
            DeploymentRules.endpointName(name, tenantId),
            UUID.randomUUID(),
            "tabular-classifier",
            Path.of("/nonexistent/artifact"),
            "private",
            "cpu",
            "small",
            "small",
            "cpu",
            70,
            1,
            2),
        new BigDecimal("0.001"),
        reserved,
        600,
        monitorIntervalSeconds,
        Instant.now());
  }

  private void grant(long credits) {
    ledger.grant(tenant, credits * MICRO, tenant + ":grant", "test");
  }

  private long balance() {
    return statements.balances(tenant).get(AccountKind.AVAILABLE);
  }
}
