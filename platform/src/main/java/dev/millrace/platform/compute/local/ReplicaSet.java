package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.compute.local.Replica.State;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.workers.compute.EndpointSpec;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica processes of one endpoint, converged to a target (spec, generation, count): starts
 * {@code serve} children, sees them ready ({@code serving} line, then {@code /v2/health/ready}),
 * drains extra and outdated ones (a new artifact rolls: old replicas go once enough new ones are
 * ready), and replaces replicas that die, backing off while they keep failing.
 *
 * <p>It shares its endpoint's monitor ({@code lock}): the endpoint calls it holding the lock, and
 * its own threads (readiness probes, exits) take the lock and {@code notifyAll} on it, which wakes
 * router threads waiting for a replica.
 */
final class ReplicaSet {

  private static final Logger log = LoggerFactory.getLogger(ReplicaSet.class);
  static final int FAILURES_BEFORE_FAILED = 3;

  private final Object lock;
  private final LocalComputeProperties settings;
  private final ModelRuntimeLauncher runtime;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Path directory;
  private final Executor background;
  private final Runnable changed;
  private final List<Replica> replicas = new ArrayList<>();
  private EndpointSpec spec;
  private String generation;
  private int desired;
  private int nextNumber = 1;
  private int rotation;
  private int consecutiveFailures;
  private long nextStartNanos;
  private String problem;
  private double retiredReplicaSeconds;
  private boolean closed;

  ReplicaSet(
      Object lock,
      LocalComputeProperties settings,
      ModelRuntimeLauncher runtime,
      HttpClient http,
      ObjectMapper json,
      Path directory,
      Executor background,
      Runnable changed) {
    this.lock = lock;
    this.settings = settings;
    this.runtime = runtime;
    this.http = http;
    this.json = json;
    this.directory = directory;
    this.background = background;
    this.changed = changed;
  }

  /** What to converge to; converges at once. */
  void target(EndpointSpec newSpec, int count) {
    spec = newSpec;
    generation = generation(newSpec);
    desired = count;
    converge();
  }

  /** Starts or drains replicas until the current generation has the desired count. */
  void converge() {
    if (closed || spec == null) {
      return;
    }
    List<Replica> current =
        replicas.stream()
            .filter(r -> r.generation().equals(generation))
            .filter(r -> r.state() == State.STARTING || r.state() == State.READY)
            .toList();
    if (current.size() < desired && System.nanoTime() >= nextStartNanos) {
      for (int i = current.size(); i < desired; i++) {
        start();
      }
    } else if (current.size() > desired) {
      // Starting ones first (they serve nobody yet), then the least busy, newest first.
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

  /** Stops replicas that did not get ready in time; samples the others' CPU. */
  void inspect(long nanos, Duration window) {
    for (Replica replica : List.copyOf(replicas)) {
      if (replica.state() == State.STARTING
          && replica.age().compareTo(settings.getReplicaStartTimeout()) > 0) {
        failed(
            "replica "
                + replica.number()
                + " was not ready within "
                + settings.getReplicaStartTimeout().toSeconds()
                + " s");
        drain(replica);
      } else if (replica.state() == State.READY) {
        replica.sampleCpu(nanos, window);
      }
    }
  }

  List<Replica> ready() {
    return replicas.stream().filter(r -> r.state() == State.READY).toList();
  }

  /** The ready replica with the fewest requests in flight (ties rotate), below the limit. */
  Replica leastLoaded(Replica avoid) {
    List<Replica> ready =
        replicas.stream().filter(r -> r.state() == State.READY && r != avoid).toList();
    if (ready.isEmpty()) {
      return null;
    }
    int first = Math.floorMod(rotation++, ready.size());
    Replica best = null;
    for (int i = 0; i < ready.size(); i++) {
      Replica candidate = ready.get((first + i) % ready.size());
      if (candidate.inFlight() < settings.getMaxInFlightPerReplica()
          && (best == null || candidate.inFlight() < best.inFlight())) {
        best = candidate;
      }
    }
    return best;
  }

  boolean anyReadyBesides(Replica avoid) {
    return replicas.stream().anyMatch(r -> r.state() == State.READY && r != avoid);
  }

  boolean failing() {
    return consecutiveFailures >= FAILURES_BEFORE_FAILED;
  }

  String problem() {
    return problem;
  }

  List<Replica> all() {
    return List.copyOf(replicas);
  }

  double replicaSeconds() {
    return retiredReplicaSeconds + replicas.stream().mapToDouble(Replica::replicaSeconds).sum();
  }

  /**
   * Drains every replica and starts no more.
   *
   * @return completes when every replica process has exited
   */
  CompletableFuture<Void> close() {
    closed = true;
    List<CompletableFuture<Integer>> exits = replicas.stream().map(r -> r.child().exit()).toList();
    List.copyOf(replicas).forEach(this::drain);
    return CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new));
  }

  private void start() {
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
      replica =
          Replica.start(
              number,
              generation,
              size.cpus(),
              command,
              json,
              serving -> background.execute(() -> awaitReady(serving)));
    } catch (RuntimeException e) {
      failed("replica " + number + " could not start: " + e.getMessage());
      return;
    }
    replicas.add(replica);
    log.info("endpoint {}: started {}", spec.name(), replica);
    replica.child().exit().whenComplete((code, error) -> exited(replica, code == null ? -1 : code));
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
          synchronized (lock) {
            if (replica.state() == State.STARTING) {
              replica.ready();
              consecutiveFailures = 0;
              problem = null;
              log.info(
                  "endpoint {}: {} ready in {} ms", spec.name(), replica, replica.age().toMillis());
              converge(); // outdated replicas may go now
              lock.notifyAll();
            }
          }
          changed.run();
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        // not listening yet, or busy: ask again
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void exited(Replica replica, int code) {
    synchronized (lock) {
      boolean expected = replica.state() == State.DRAINING || closed;
      replica.stopped();
      replicas.remove(replica);
      retiredReplicaSeconds += replica.replicaSeconds();
      if (!expected) {
        failed(
            "replica "
                + replica.number()
                + " exited with code "
                + code
                + replica.child().errorLine().map(line -> ": " + line).orElse(""));
        converge();
      }
      lock.notifyAll();
    }
    changed.run();
  }

  private void failed(String reason) {
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

  /** Replicas get the pod size's CPUs and memory ({@code podSize}, else {@code computeSize}). */
  static ComputeSize podSize(EndpointSpec spec) {
    return spec.podSize() != null && !spec.podSize().isBlank()
        ? ModelRuntimeLauncher.size("podSize", spec.podSize())
        : ModelRuntimeLauncher.size("computeSize", spec.computeSize());
  }

  /** What a replica runs: another artifact, name or size needs new replicas. */
  private static String generation(EndpointSpec spec) {
    return String.join(
        "|",
        spec.artifactDir().toAbsolutePath().normalize().toString(),
        spec.name(),
        String.valueOf(podSize(spec)));
  }
}
