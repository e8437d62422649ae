package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.compute.local.Replica.State;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import dev.millrace.workers.compute.ScalingEvent;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One endpoint: its {@code serve} replicas, converged to a desired count that the {@link
 * Autoscaler} moves, and the replica choice for the router (least requests in flight). All state
 * changes happen under this object's monitor; router threads waiting for a replica wait on it.
 */
final class LocalEndpoint {

  private static final Logger log = LoggerFactory.getLogger(LocalEndpoint.class);
  private static final int KEPT_EVENTS = 50;
  private static final int FAILURES_BEFORE_FAILED = 3;

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
  private final ModelRuntimeLauncher runtime;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Path directory;
  private final Clock clock;
  private final Executor background;
  private final Runnable changed;
  private final RequestStats stats = new RequestStats();
  private final MeterRegistry registry;
  private EndpointMetrics metrics;
  private final List<Replica> replicas = new ArrayList<>();
  private final Deque<ScalingEvent> events = new ArrayDeque<>();
  private EndpointSpec spec;
  private String generation;
  private Autoscaler autoscaler;
  private int desired;
  private int nextNumber = 1;
  private int rotation;
  private int consecutiveFailures;
  private long nextStartNanos;
  private String problem;
  private long lastActivityNanos = System.nanoTime();
  private double retiredReplicaSeconds;
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
    this.registry = registry;
    this.settings = settings;
    this.runtime = runtime;
    this.http = http;
    this.json = json;
    this.directory = directory;
    this.clock = clock;
    this.background = background;
    this.changed = changed;
    this.spec = spec;
    this.generation = generation(spec);
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
    converge();
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
            return (int) replicas.stream().filter(r -> r.state() == State.READY).count();
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
    generation = generation(newSpec);
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
    converge();
  }

  /** One autoscaler round: reap, measure, decide, converge. */
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
      for (Replica replica : List.copyOf(replicas)) {
        if (replica.state() == State.STARTING
            && replica.age().compareTo(settings.getReplicaStartTimeout()) > 0) {
          failed(
              replica,
              "replica "
                  + replica.number()
                  + " was not ready within "
                  + settings.getReplicaStartTimeout().toSeconds()
                  + " s");
          drain(replica);
        } else if (replica.state() == State.READY) {
          replica.sampleCpu(now, window);
        }
      }
      stats.sampleInFlight(now);
      Autoscaler.Decision decision = autoscaler.decide(observe(now, window));
      if (decision.changes(desired)) {
        record(desired, decision.replicas(), decision.reason());
        desired = decision.replicas();
        autoscaler.applied(clock.instant(), desired);
      }
      converge();
      after = shape();
    }
    if (!before.equals(after)) {
      changed.run();
    }
  }

  private Autoscaler.Observation observe(long now, Duration window) {
    List<Replica> ready = replicas.stream().filter(r -> r.state() == State.READY).toList();
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
          Replica chosen = leastLoaded(avoid);
          if (chosen != null) {
            chosen.inFlightCounter().incrementAndGet();
            return chosen;
          }
          if (replicas.stream().anyMatch(r -> r.state() == State.READY && r != avoid)) {
            throw new Unavailable(
                "every replica already has "
                    + settings.getMaxInFlightPerReplica()
                    + " requests in flight",
                1);
          }
          if (desired == 0) {
            Autoscaler.Decision start = autoscaler.coldStart();
            record(0, start.replicas(), start.reason());
            desired = start.replicas();
            autoscaler.applied(clock.instant(), desired);
            coldStarted = true;
            converge();
          }
          if (consecutiveFailures >= FAILURES_BEFORE_FAILED) {
            throw new Unavailable("the endpoint's replicas fail to start: " + problem, 10);
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

  private Replica leastLoaded(Replica avoid) {
    List<Replica> ready =
        replicas.stream().filter(r -> r.state() == State.READY && r != avoid).toList();
    if (ready.isEmpty()) {
      return null;
    }
    int start = Math.floorMod(rotation++, ready.size());
    Replica best = null;
    for (int i = 0; i < ready.size(); i++) {
      Replica candidate = ready.get((start + i) % ready.size());
      if (candidate.inFlight() < settings.getMaxInFlightPerReplica()
          && (best == null || candidate.inFlight() < best.inFlight())) {
        best = candidate;
      }
    }
    return best;
  }

  /** Starts or drains replicas until the current generation has {@code desired} of them. */
  private void converge() {
    if (deleted) {
      return;
    }
    List<Replica> current =
        replicas.stream()
            .filter(r -> r.generation().equals(generation))
            .filter(r -> r.state() == State.STARTING || r.state() == State.READY)
            .toList();
    if (current.size() < desired && System.nanoTime() >= nextStartNanos) {
      for (int i = current.size(); i < desired; i++) {
        startReplica();
      }
    } else if (current.size() > desired) {
      current.stream()
          .sorted(
              Comparator.comparing((Replica r) -> r.state() == State.READY)
                  .thenComparingInt(Replica::inFlight)
                  .thenComparing(Replica::number, Comparator.reverseOrder()))
          .limit(current.size() - desired)
          .toList()
          .forEach(this::drain);
    }
    long currentReady = current.stream().filter(r -> r.state() == State.READY).count();
    for (Replica outdated : List.copyOf(replicas)) {
      boolean live = outdated.state() == State.STARTING || outdated.state() == State.READY;
      if (live
          && !outdated.generation().equals(generation)
          && (outdated.state() == State.STARTING
              || currentReady >= Math.max(desired, 1)
              || desired == 0)) {
        drain(outdated);
      }
    }
  }

  private void startReplica() {
    int number = nextNumber++;
    ComputeSize size = podSize(spec);
    List<String> args =
        List.of(
            "serve",
            "--model",
            spec.artifactDir().toString(),
            "--port",
            "0",
            "--host",
            "127.0.0.1",
            "--name",
            spec.name(),
            "--workers",
            Integer.toString(size.cpus()),
            "--max-in-flight",
            Integer.toString(settings.getMaxInFlightPerReplica()),
            "--grace-seconds",
            Long.toString(Math.max(1, settings.getDrainGrace().toSeconds())),
            "--exit-on-stdin-close");
    ChildProcess.Spec command =
        runtime.spec(
            "endpoint-" + spec.name() + "-" + number,
            size,
            args,
            directory.resolve("replica-" + number + ".log"));
    Replica replica;
    try {
      replica = Replica.start(number, generation, size.cpus(), command, json, this::serving);
    } catch (RuntimeException e) {
      failed(null, "replica " + number + " could not start: " + e.getMessage());
      return;
    }
    replicas.add(replica);
    log.info("endpoint {}: started {}", spec.name(), replica);
    replica.child().exit().whenComplete((code, error) -> exited(replica, code == null ? -1 : code));
  }

  private void serving(Replica replica) {
    background.execute(() -> awaitReady(replica));
  }

  private void awaitReady(Replica replica) {
    HttpRequest probe =
        HttpRequest.newBuilder(replica.baseUri().resolve("/v2/health/ready"))
            .timeout(Duration.ofSeconds(2))
            .GET()
            .build();
    while (replica.state() == State.STARTING
        && replica.age().compareTo(settings.getReplicaStartTimeout()) < 0) {
      try {
        if (http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          synchronized (this) {
            if (replica.state() == State.STARTING) {
              replica.ready();
              consecutiveFailures = 0;
              problem = null;
              log.info(
                  "endpoint {}: {} ready in {} ms", spec.name(), replica, replica.age().toMillis());
              converge(); // outdated replicas may go now
              notifyAll();
            }
          }
          changed.run();
          return;
        }
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        try {
          Thread.sleep(50);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void exited(Replica replica, int code) {
    synchronized (this) {
      boolean expected = replica.state() == State.DRAINING || deleted;
      replica.stopped();
      replicas.remove(replica);
      retiredReplicaSeconds += replica.replicaSeconds();
      if (!expected) {
        failed(
            replica,
            "replica "
                + replica.number()
                + " exited with code "
                + code
                + replica.child().errorLine().map(line -> ": " + line).orElse(""));
        converge();
      }
      notifyAll();
    }
    changed.run();
  }

  private void failed(Replica replica, String reason) {
    consecutiveFailures++;
    problem = reason;
    long backoffSeconds = Math.min(30, 1L << Math.min(5, consecutiveFailures - 1));
    nextStartNanos = System.nanoTime() + backoffSeconds * 1_000_000_000L;
    log.warn(
        "endpoint {}: {} (failure {} in a row; next start in {} s)",
        spec.name(),
        reason,
        consecutiveFailures,
        backoffSeconds);
  }

  /** Out of the rotation at once; stopped when its requests are done (or the grace is over). */
  private void drain(Replica replica) {
    if (replica.state() == State.DRAINING || replica.state() == State.STOPPED) {
      return;
    }
    replica.draining();
    Duration grace = settings.getDrainGrace();
    background.execute(
        () -> {
          long deadline = System.nanoTime() + grace.toNanos();
          while (replica.inFlight() > 0 && System.nanoTime() < deadline) {
            try {
              Thread.sleep(20);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              break;
            }
          }
          replica.child().closeStdin();
          replica.child().stop(grace);
        });
  }

  /**
   * Takes the endpoint out of service: no new requests, every replica drained.
   *
   * @return completes when every replica process has exited
   */
  CompletableFuture<Void> delete() {
    List<CompletableFuture<Integer>> exits;
    synchronized (this) {
      deleted = true;
      metrics.remove();
      exits = replicas.stream().map(r -> r.child().exit()).toList();
      List.copyOf(replicas).forEach(this::drain);
      notifyAll();
    }
    return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
  }

  synchronized List<Long> pids() {
    return replicas.stream().map(r -> r.child().pid()).toList();
  }

  synchronized List<Replica> replicas() {
    return List.copyOf(replicas);
  }

  synchronized double replicaSeconds() {
    return retiredReplicaSeconds + replicas.stream().mapToDouble(Replica::replicaSeconds).sum();
  }

  synchronized EndpointStatus status(URI url) {
    int ready = (int) replicas.stream().filter(r -> r.state() == State.READY).count();
    String state;
    String message = problem;
    if (deleted) {
      state = "DELETED";
    } else if (ready > 0) {
      state = "READY";
    } else if (desired == 0) {
      state = "READY";
      message = "scaled to zero: the next request starts a replica";
    } else if (consecutiveFailures >= FAILURES_BEFORE_FAILED) {
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
    int ready = (int) replicas.stream().filter(r -> r.state() == State.READY).count();
    return new Shape(desired, ready, consecutiveFailures >= FAILURES_BEFORE_FAILED, events.size());
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

  static ComputeSize podSize(EndpointSpec spec) {
    return spec.podSize() != null && !spec.podSize().isBlank()
        ? ModelRuntimeLauncher.size("podSize", spec.podSize())
        : ModelRuntimeLauncher.size("computeSize", spec.computeSize());
  }

  private static String generation(EndpointSpec spec) {
    return String.join(
        "|",
        spec.artifactDir().toAbsolutePath().normalize().toString(),
        spec.name(),
        String.valueOf(podSize(spec)));
  }

  private static List<Object> scaling(EndpointSpec spec) {
    return List.of(spec.policy(), spec.target(), spec.minReplicas(), spec.maxReplicas());
  }
}
