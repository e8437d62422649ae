package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * One {@code model-runtime serve} child process of an endpoint, on a loopback port it picked itself
 * ({@code --port 0}, reported by its {@code serving} line), with the requests the router has in
 * flight on it and its CPU use.
 */
final class Replica {

  enum State {
    /** Started; not yet answering {@code /v2/health/ready}. */
    STARTING,
    /** In the router's rotation. */
    READY,
    /** Out of the rotation, finishing what it holds, then stopped. */
    DRAINING,
    /** Exited. */
    STOPPED
  }

  private record CpuSample(long nanos, long cpuNanos) {}

  private final int number;
  private final String generation;
  private final int cpus;
  private final long startedNanos = System.nanoTime();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Deque<CpuSample> cpuSamples = new ArrayDeque<>();
  private volatile ChildProcess child;
  private volatile State state = State.STARTING;
  private volatile URI baseUri;
  private volatile long readyNanos;
  private volatile long stoppedNanos;

  private Replica(int number, String generation, int cpus) {
    this.number = number;
    this.generation = generation;
    this.cpus = cpus;
  }

  /** Starts the child; {@code serving} is called (on the child's stdout thread) once it listens. */
  static Replica start(
      int number,
      String generation,
      int cpus,
      ChildProcess.Spec spec,
      ObjectMapper json,
      Consumer<Replica> serving) {
    Replica replica = new Replica(number, generation, cpus);
    CountDownLatch assigned = new CountDownLatch(1);
    replica.child =
        ChildProcess.start(
            spec,
            line -> {
              if (!line.startsWith("{")) {
                return;
              }
              awaitUninterruptibly(assigned); // the stdout thread may run before start returns
              try {
                JsonNode event = json.readTree(line);
                if (event.path("event").asText().equals("serving")) {
                  replica.baseUri = URI.create("http://127.0.0.1:" + event.path("port").asInt());
                  serving.accept(replica);
                }
              } catch (Exception e) {
                // not an event line; the runtime logs to stderr
              }
            });
    assigned.countDown();
    return replica;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  int number() {
    return number;
  }

  String generation() {
    return generation;
  }

  ChildProcess child() {
    return child;
  }

  State state() {
    return state;
  }

  /** {@code http://127.0.0.1:<port>} once the replica listens; null before. */
  URI baseUri() {
    return baseUri;
  }

  int inFlight() {
    return inFlight.get();
  }

  AtomicInteger inFlightCounter() {
    return inFlight;
  }

  Duration age() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /** Seconds this replica has held a process, until now or until it stopped. */
  double replicaSeconds() {
    long end = stoppedNanos != 0 ? stoppedNanos : System.nanoTime();
    return (end - startedNanos) / 1e9;
  }

  void ready() {
    readyNanos = System.nanoTime();
    state = State.READY;
  }

  void draining() {
    if (state != State.STOPPED) {
      state = State.DRAINING;
    }
  }

  void stopped() {
    state = State.STOPPED;
    if (stoppedNanos == 0) {
      stoppedNanos = System.nanoTime();
    }
  }

  /**
   * Serving long enough for its CPU use to say something about load: the first window after ready
   * is left out, as HPA leaves out a starting pod, because JIT compilation right after the warm-up
   * reads as load.
   */
  boolean measurable(long nanos, Duration window) {
    return state == State.READY && nanos - readyNanos >= window.toNanos();
  }

  /** Records the CPU time used so far (the JDK reads it from /proc/<pid>/stat). */
  synchronized void sampleCpu(long nanos, Duration window) {
    child.cpuTime().ifPresent(cpu -> cpuSamples.addLast(new CpuSample(nanos, cpu.toNanos())));
    while (cpuSamples.size() > 2 && cpuSamples.peekFirst().nanos() < nanos - window.toNanos()) {
      cpuSamples.removeFirst();
    }
  }

  /** CPU use over the window as percent of the replica's CPUs; NaN until two samples exist. */
  synchronized double cpuPercent() {
    if (cpuSamples.size() < 2) {
      return Double.NaN;
    }
    CpuSample first = cpuSamples.peekFirst();
    CpuSample last = cpuSamples.peekLast();
    long wall = last.nanos() - first.nanos();
    return wall <= 0 ? Double.NaN : 100.0 * (last.cpuNanos() - first.cpuNanos()) / wall / cpus;
  }

  @Override
  public String toString() {
    return "replica " + number + " (pid " + child.pid() + ", " + state + ")";
  }
}
