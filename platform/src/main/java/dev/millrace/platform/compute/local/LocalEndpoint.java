package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.ScalingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint: the desired replica count that its {@link Autoscaler} moves, its {@link ReplicaSet}
 * converged to that count, the replica choice for the router (least requests in flight, cold start
 * when scaled to zero) and its status. All state changes happen under this object's monitor; router
 * threads waiting for a replica wait on it.
 */
final class LocalEndpoint {

  private static final Logger log = LoggerFactory.getLogger(LocalEndpoint.class);
  private static final int KEPT_EVENTS = 50;

  /** No replica can take a request now; the router answers 503 with Retry-After. */
  static final class Unavailable extends Exception {
    private final long retryAfterSeconds;

    Unavailable(String message, long retryAfterSeconds) {
      super(message, null, false, false);
      this.retryAfterSeconds = retryAfterSeconds;
    }

    long retryAfterSeconds() {
      return retryAfterSeconds;
    }
  }

  private final String endpointId;
  private final LocalComputeProperties settings;
  private final Clock clock;
  private final Runnable changed;
  private final RequestStats stats = new RequestStats();
  private final MeterRegistry registry;
  private final ReplicaSet replicas;
  private final Deque<ScalingEvent> events = new ArrayDeque<>();
  private EndpointMetrics metrics;
  private EndpointSpec spec;
  private Autoscaler autoscaler;
  private int desired;
  private long lastActivityNanos = System.nanoTime();
  private boolean deleted;

  LocalEndpoint(
      EndpointSpec spec,
      LocalComputeProperties settings,
      ModelRuntimeLauncher runtime,
      HttpClient http,
      ObjectMapper json,
      Path directory,
      Clock clock,
      Executor background,
      MeterRegistry registry,
      Runnable changed) {
    this.endpointId = spec.endpointId();
    this.settings = settings;
    this.clock = clock;
    this.registry = registry;
    this.changed = changed;
    this.replicas =
        new ReplicaSet(this, settings, runtime, http, json, directory, background, changed);
    this.spec = spec;
    this.autoscaler = autoscaler(spec);
    this.desired = autoscaler.initialReplicas();
    this.metrics = metrics(spec.name());
    record(
        0,
        desired,
        "endpoint applied (minReplicas %d, maxReplicas %d) → %d"
            .formatted(spec.minReplicas(), spec.maxReplicas(), desired));
  }

  String id() {
    return endpointId;
  }

  /** Starts the initial replicas. */
  synchronized void start() {
    replicas.target(spec, desired);
  }

  synchronized EndpointSpec spec() {
    return spec;
  }

  RequestStats stats() {
    return stats;
  }

  synchronized EndpointMetrics metrics() {
    return metrics;
  }

  private EndpointMetrics metrics(String name) {
    return new EndpointMetrics(
        registry,
        name,
        stats::inFlightNow,
        () -> {
          synchronized (this) {
            return desired;
          }
        },
        () -> {
          synchronized (this) {
            return replicas.ready().size();
          }
        });
  }

  /**
   * Takes a new spec: scaling bounds and policy apply at the next tick; another artifact or size
   * rolls the replicas (new ones start, old ones drain once enough new ones are ready).
   */
  synchronized void apply(EndpointSpec newSpec) {
    EndpointSpec old = spec;
    spec = newSpec;
    if (!old.name().equals(newSpec.name())) {
      metrics.remove();
      metrics = metrics(newSpec.name());
    }
    if (!scaling(old).equals(scaling(newSpec))) {
      autoscaler = autoscaler(newSpec);
      int bounded =
          desired == 0 && newSpec.minReplicas() == 0
              ? 0
              : Math.min(
                  Math.max(desired, Math.max(newSpec.minReplicas(), 1)), newSpec.maxReplicas());
      if (bounded != desired) {
        record(
            desired,
            bounded,
            "spec changed (minReplicas %d, maxReplicas %d) → %d"
                .formatted(newSpec.minReplicas(), newSpec.maxReplicas(), bounded));
        desired = bounded;
      }
      autoscaler.applied(clock.instant(), desired);
    }
    replicas.target(spec, desired);
  }

  /** One autoscaler round: inspect the replicas, measure, decide, converge. */
  void tick() {
    Shape before;
    Shape after;
    synchronized (this) {
      if (deleted) {
        return;
      }
      before = shape();
      long now = System.nanoTime();
      Duration window = settings.getMetricsWindow();
      replicas.inspect(now, window);
      stats.sampleInFlight(now);
      Autoscaler.Decision decision = autoscaler.decide(observe(now, window));
      if (decision.changes(desired)) {
        scaleTo(decision);
      } else {
        replicas.converge();
      }
      after = shape();
    }
    if (!before.equals(after)) {
      changed.run();
    }
  }

  private void scaleTo(Autoscaler.Decision decision) {
    record(desired, decision.replicas(), decision.reason());
    desired = decision.replicas();
    autoscaler.applied(clock.instant(), desired);
    replicas.target(spec, desired);
  }

  private Autoscaler.Observation observe(long now, Duration window) {
    List<Replica> ready = replicas.ready();
    List<Replica> measurable =
        "cpu".equals(spec.policy())
            ? ready.stream().filter(r -> r.measurable(now, window)).toList()
            : ready;
    double cpu =
        measurable.stream()
            .mapToDouble(Replica::cpuPercent)
            .filter(value -> !Double.isNaN(value))
            .average()
            .orElse(Double.NaN);
    int measured = "cpu".equals(spec.policy()) && Double.isNaN(cpu) ? 0 : measurable.size();
    long idleNanos = now - Math.max(lastActivityNanos, stats.lastArrivalNanos());
    return new Autoscaler.Observation(
        clock.instant(),
        desired,
        measured,
        cpu,
        stats.requestsPerSecond(now, window),
        stats.averageInFlight(now, window),
        stats.inFlightNow(),
        clock.instant().minusNanos(Math.max(0, idleNanos)));
  }

  /**
   * A replica for one request, its in-flight count taken; waits (bounded) while replicas start, and
   * starts one if the endpoint is scaled to zero.
   *
   * @param avoid a replica that just failed this request, or null
   */
  Replica acquire(Duration timeout, Replica avoid) throws Unavailable {
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean coldStarted = false;
    try {
      synchronized (this) {
        lastActivityNanos = System.nanoTime();
        while (true) {
          if (deleted) {
            throw new Unavailable("the endpoint was deleted", 5);
          }
          Replica chosen = replicas.leastLoaded(avoid);
          if (chosen != null) {
            chosen.inFlightCounter().incrementAndGet();
            return chosen;
          }
          if (replicas.anyReadyBesides(avoid)) {
            throw new Unavailable(
                "every replica already has "
                    + settings.getMaxInFlightPerReplica()
                    + " requests in flight",
                1);
          }
          if (desired == 0) {
            scaleTo(autoscaler.coldStart());
            coldStarted = true;
          }
          if (replicas.failing()) {
            throw new Unavailable(
                "the endpoint's replicas fail to start: " + replicas.problem(), 10);
          }
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new Unavailable(
                "no replica became ready within " + timeout.toSeconds() + " s", 5);
          }
          wait(Math.max(1, remaining / 1_000_000));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while waiting for a replica", 1);
    } finally {
      if (coldStarted) {
        changed.run();
      }
    }
  }

  void release(Replica replica) {
    replica.inFlightCounter().decrementAndGet();
  }

  /**
   * Takes the endpoint out of service: no new requests, every replica drained.
   *
   * @return completes when every replica process has exited
   */
  CompletableFuture<Void> delete() {
    synchronized (this) {
      deleted = true;
      metrics.remove();
      notifyAll();
      return replicas.close();
    }
  }

  synchronized List<Long> pids() {
    return replicas.all().stream().map(r -> r.child().pid()).toList();
  }

  synchronized List<Replica> replicas() {
    return replicas.all();
  }

  synchronized double replicaSeconds() {
    return replicas.replicaSeconds();
  }

  synchronized EndpointStatus status(URI url) {
    int ready = replicas.ready().size();
    String state;
    String message = replicas.problem();
    if (deleted) {
      state = "DELETED";
    } else if (ready > 0) {
      state = "READY";
    } else if (desired == 0) {
      state = "READY";
      message = "scaled to zero: the next request starts a replica";
    } else if (replicas.failing()) {
      state = "FAILED";
    } else {
      state = "PROVISIONING";
    }
    return new EndpointStatus(
        endpointId, state, url.toString(), desired, ready, List.copyOf(events), message);
  }

  /** What listeners hear about: a change of any of these. */
  private record Shape(int desired, int ready, boolean failed, int events) {}

  private Shape shape() {
    return new Shape(desired, replicas.ready().size(), replicas.failing(), events.size());
  }

  private void record(int from, int to, String reason) {
    events.addLast(new ScalingEvent(clock.instant(), from, to, reason));
    while (events.size() > KEPT_EVENTS) {
      events.removeFirst();
    }
    log.info("endpoint {}: {}", spec.name(), reason);
  }

  private Autoscaler autoscaler(EndpointSpec spec) {
    return new Autoscaler(
        spec.policy(),
        spec.target(),
        spec.minReplicas(),
        spec.maxReplicas(),
        settings.getScaleInWindow(),
        settings.getScaleToZeroAfter());
  }

  private static List<Object> scaling(EndpointSpec spec) {
    return List.of(spec.policy(), spec.target(), spec.minReplicas(), spec.maxReplicas());
  }
}
