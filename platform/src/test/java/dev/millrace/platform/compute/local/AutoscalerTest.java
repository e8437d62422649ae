package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.platform.compute.local.Autoscaler.Decision;
import dev.millrace.platform.compute.local.Autoscaler.Observation;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The replica-count policy alone: no processes, time given by the test. */
class AutoscalerTest {

  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final Duration IDLE = Duration.ofSeconds(300);

  private static Observation cpu(int seconds, int replicas, double percent) {
    return new Observation(
        T0.plusSeconds(seconds), replicas, replicas, percent, 0, 0, 1, T0.plusSeconds(seconds));
  }

  private static Observation rps(int seconds, int replicas, double perSecond) {
    return new Observation(
        T0.plusSeconds(seconds),
        replicas,
        replicas,
        Double.NaN,
        perSecond,
        0,
        1,
        T0.plusSeconds(seconds));
  }

  @Test
  void cpuAboveTargetScalesOutAtOnceProportionally() {
    Autoscaler scaler = new Autoscaler("cpu", 60, 1, 5, WINDOW, IDLE);
    Decision decision = scaler.decide(cpu(0, 1, 87));
    assertThat(decision.replicas()).isEqualTo(2);
    assertThat(decision.reason()).isEqualTo("cpu 87% > target 60% on 1 replica → 2");
    assertThat(scaler.decide(cpu(1, 2, 200)).replicas()).isEqualTo(5); // ceil(2*200/60)=7 → max 5
  }

  @Test
  void aRestoredEndpointKeepsTheCountItHadWithinItsBounds() {
    Autoscaler scaler = new Autoscaler("requests", 10, 1, 4, WINDOW, IDLE);
    assertThat(scaler.restoredReplicas(3)).isEqualTo(3);
    assertThat(scaler.restoredReplicas(9)).as("above max").isEqualTo(4);
    assertThat(scaler.restoredReplicas(0)).as("minReplicas 1 never restores to zero").isEqualTo(1);
    Autoscaler toZero = new Autoscaler("requests", 10, 0, 2, WINDOW, IDLE);
    assertThat(toZero.restoredReplicas(0)).as("scaled to zero stays at zero").isZero();
    assertThat(toZero.restoredReplicas(2)).isEqualTo(2);
  }

  @Test
  void withinTenPercentOfTheTargetNothingChanges() {
    Autoscaler scaler = new Autoscaler("cpu", 60, 1, 5, WINDOW, IDLE);
    assertThat(scaler.decide(cpu(0, 2, 65)).changes(2)).isFalse();
    assertThat(scaler.decide(cpu(1, 2, 55)).changes(2)).isFalse();
  }

  @Test
  void scaleInWaitsForTheStabilisationWindowAndTakesItsHighestRecommendation() {
    Autoscaler scaler = new Autoscaler("requests", 10, 1, 6, WINDOW, IDLE);
    scaler.applied(T0, 4);
    assertThat(scaler.decide(rps(10, 4, 35)).replicas()).isEqualTo(4); // ceil(3.5): holds 4
    assertThat(scaler.decide(rps(20, 4, 21)).replicas()).isEqualTo(4); // recommends 3
    assertThat(scaler.decide(rps(40, 4, 5)).replicas()).isEqualTo(4); // recommends 1
    // At 61 s the applied 4 and the 10 s recommendation of 4 have left the window: 3 is the
    // highest of the rest.
    Decision in = scaler.decide(rps(71, 4, 5));
    assertThat(in.replicas()).isEqualTo(3);
    assertThat(in.reason())
        .isEqualTo(
            "requests 1.3/s per replica < target 10/s on 4 replicas → 3 (highest recommendation"
                + " over the last 60 s)");
  }

  @Test
  void noScaleInWhileSomeReplicasAreNotMeasured() {
    Autoscaler scaler = new Autoscaler("cpu", 50, 1, 4, Duration.ZERO, IDLE);
    Observation partly =
        new Observation(T0.plusSeconds(100), 3, 1, 5, 0, 0, 0, T0.plusSeconds(100));
    assertThat(scaler.decide(partly).replicas()).isEqualTo(3);
  }

  @Test
  void staysWithinMinAndMax() {
    Autoscaler scaler = new Autoscaler("requests", 10, 2, 3, Duration.ZERO, IDLE);
    assertThat(scaler.initialReplicas()).isEqualTo(2);
    assertThat(scaler.decide(rps(0, 1, 0)).replicas()).isEqualTo(2);
    assertThat(scaler.decide(rps(1, 3, 1000)).replicas()).isEqualTo(3);
    assertThat(scaler.decide(rps(2, 4, 0)).replicas()).isEqualTo(3);
    assertThat(scaler.decide(rps(3, 3, 0)).replicas()).isEqualTo(2);
  }

  @Test
  void concurrencyPolicyUsesInFlightPerReplica() {
    Autoscaler scaler = new Autoscaler("concurrency", 2, 1, 10, WINDOW, IDLE);
    Observation busy = new Observation(T0, 2, 2, Double.NaN, 0, 9, 9, T0);
    Decision decision = scaler.decide(busy);
    assertThat(decision.replicas()).isEqualTo(5);
    assertThat(decision.reason())
        .isEqualTo("in-flight 4.5 per replica > target 2 on 2 replicas → 5");
  }

  @Test
  void idleEndpointsWithMinZeroGoToZeroAndARequestBringsOneBack() {
    Autoscaler scaler = new Autoscaler("requests", 10, 0, 3, WINDOW, IDLE);
    assertThat(scaler.initialReplicas()).as("a new endpoint serves at once").isEqualTo(1);
    Observation idle = new Observation(T0.plusSeconds(299), 1, 1, Double.NaN, 0, 0, 0, T0);
    assertThat(scaler.decide(idle).replicas()).isEqualTo(1);
    Observation longIdle = new Observation(T0.plusSeconds(300), 1, 1, Double.NaN, 0, 0, 0, T0);
    Decision zero = scaler.decide(longIdle);
    assertThat(zero.replicas()).isZero();
    assertThat(zero.reason()).isEqualTo("no requests for 300 s (scale to zero after idle) → 0");
    assertThat(scaler.decide(new Observation(T0.plusSeconds(400), 0, 0, 0, 0, 0, 0, T0)).replicas())
        .isZero();
    Decision cold = scaler.coldStart();
    assertThat(cold.replicas()).isEqualTo(1);
    assertThat(cold.reason()).isEqualTo("request arrived while scaled to zero → 1");
  }

  @Test
  void aRequestInFlightKeepsTheLastReplica() {
    Autoscaler scaler = new Autoscaler("requests", 10, 0, 3, WINDOW, IDLE);
    Observation slow = new Observation(T0.plusSeconds(900), 1, 1, Double.NaN, 0, 1, 1, T0);
    assertThat(scaler.decide(slow).replicas()).isEqualTo(1);
  }

  @Test
  void withMinAboveZeroItNeverGoesToZero() {
    Autoscaler scaler = new Autoscaler("requests", 10, 1, 3, WINDOW, IDLE);
    Observation idle = new Observation(T0.plusSeconds(10_000), 1, 1, Double.NaN, 0, 0, 0, T0);
    assertThat(scaler.decide(idle).replicas()).isEqualTo(1);
  }
}
