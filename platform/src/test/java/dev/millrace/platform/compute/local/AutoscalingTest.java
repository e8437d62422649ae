package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.ScalingEvent;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler on real replicas with real traffic through the router: out under load, in after
 * the stabilisation window, to zero when idle, and a cold start on the next request. Prints the
 * reaction and cold-start times it measured (the shared machine's load changes them).
 */
class AutoscalingTest {

  private static final Duration LONG = Duration.ofMinutes(2);

  private LocalComputeHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void requestsPolicyScalesOutThenInThenToZeroAndColdStarts() {
    LocalComputeProperties settings = RuntimeFixture.settings();
    // In after a 2 s window (plus the 2 s the rate takes to fall), to zero after 8 s idle.
    settings.setScaleInWindow(Duration.ofSeconds(2));
    settings.setScaleToZeroAfter(Duration.ofSeconds(8));
    harness = new LocalComputeHarness(RuntimeFixture.newDirectory("autoscaling"), settings);
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec(
            "e-rps", "iris-rps", RuntimeFixture.irisModel(1), "private", "requests", 4, 0, 3));
    await().atMost(LONG).until(() -> status().readyReplicas() == 1);
    List<Long> firstReplicas = harness.backend.endpointProcesses("e-rps");

    long loadStarted = System.nanoTime();
    long scaledOut;
    long secondReady;
    try (Load load = new Load(4, 50, () -> harness.infer("e-rps", harness.token()))) {
      await().atMost(LONG).until(() -> status().desiredReplicas() >= 2);
      scaledOut = System.nanoTime();
      await().atMost(LONG).until(() -> status().readyReplicas() >= 2);
      secondReady = System.nanoTime();
      // Both replicas take traffic (least in flight): each one's own counter moves.
      await()
          .atMost(LONG)
          .until(
              () ->
                  harness.backend.endpoint("e-rps").replicas().stream()
                      .filter(r -> r.state() == Replica.State.READY)
                      .allMatch(r -> servedBy(r) > 0));
      assertThat(load.count(200)).isPositive();
      assertThat(load.total()).as("every answer %s", load.statuses).isEqualTo(load.count(200));
    }
    ScalingEvent out =
        status().recentScalingEvents().stream()
            .filter(e -> e.toReplicas() > e.fromReplicas() && e.fromReplicas() > 0)
            .findFirst()
            .orElseThrow();
    assertThat(out.reason())
        .matches("requests [0-9.]+/s per replica > target 4/s on 1 replica → [23]");

    long loadStopped = System.nanoTime();
    await().atMost(LONG).until(() -> status().desiredReplicas() == 1);
    ScalingEvent in = lastEvent();
    assertThat(in.reason()).contains("< target 4/s").contains("highest recommendation");
    await().atMost(LONG).until(() -> status().desiredReplicas() == 0);
    long scaledToZero = System.nanoTime();
    assertThat(lastEvent().reason()).startsWith("no requests for");
    await().atMost(LONG).until(() -> harness.backend.endpointProcesses("e-rps").isEmpty());
    assertThat(firstReplicas).noneMatch(RuntimeFixture::alive);
    EndpointStatus zero = status();
    assertThat(zero.state()).isEqualTo("READY");
    assertThat(zero.message()).contains("scaled to zero");

    long coldStart = System.nanoTime();
    HttpResponse<String> first = harness.infer("e-rps", harness.token());
    long coldStartNanos = System.nanoTime() - coldStart;
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(lastEvent().reason()).isEqualTo("request arrived while scaled to zero → 1");
    assertThat(status().readyReplicas()).isEqualTo(1);

    System.out.printf(
        "[local-compute] requests policy: scale-out decided %d ms after load began, second replica"
            + " ready after %d ms; back to 1 then 0 replicas %d ms after load stopped; cold start"
            + " (scaled to zero → first answer) %d ms%n",
        (scaledOut - loadStarted) / 1_000_000,
        (secondReady - loadStarted) / 1_000_000,
        (scaledToZero - loadStopped) / 1_000_000,
        coldStartNanos / 1_000_000);
  }

  @Test
  void cpuPolicyScalesOutBusyReplicas() {
    harness = new LocalComputeHarness(RuntimeFixture.newDirectory("autoscaling"));
    harness.backend.applyEndpoint(
        LocalComputeHarness.spec(
            "e-cpu", "iris-cpu", RuntimeFixture.irisModel(1), "private", "cpu", 15, 1, 2));
    await().atMost(LONG).until(() -> status("e-cpu").readyReplicas() == 1);
    long loadStarted = System.nanoTime();
    long scaledOut;
    try (Load load = new Load(6, 0, () -> harness.infer("e-cpu", harness.token()))) {
      await().atMost(LONG).until(() -> status("e-cpu").desiredReplicas() == 2);
      scaledOut = System.nanoTime();
      assertThat(load.count(200)).isPositive();
    }
    ScalingEvent out = status("e-cpu").recentScalingEvents().getLast();
    assertThat(out.reason()).matches("cpu [0-9]+% > target 15% on 1 replica → 2");
    System.out.printf(
        "[local-compute] cpu policy: scale-out decided %d ms after load began (%s)%n",
        (scaledOut - loadStarted) / 1_000_000, out.reason());
  }

  private long servedBy(Replica replica) {
    HttpResponse<String> metrics =
        harness.send(HttpRequest.newBuilder(URI.create(replica.baseUri() + "/metrics")).build());
    return metrics
        .body()
        .lines()
        .filter(line -> line.startsWith("millrace_inference_requests_total"))
        .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  private EndpointStatus status() {
    return status("e-rps");
  }

  private EndpointStatus status(String id) {
    return harness.backend.endpointStatus(id).orElseThrow();
  }

  private ScalingEvent lastEvent() {
    return status().recentScalingEvents().getLast();
  }
}
