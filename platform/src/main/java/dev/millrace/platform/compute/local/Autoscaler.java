package dev.millrace.platform.compute.local;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * The replica-count policy of one endpoint, with no processes or clocks of its own: the endpoint
 * feeds it an {@link Observation} every tick and applies the {@link Decision} it returns.
 *
 * <p>It follows the Kubernetes HorizontalPodAutoscaler's algorithm: {@code desired =
 * ceil(measuredReplicas * perReplicaValue / target)}, nothing done within a 10 % tolerance of the
 * target; scale-out applies at once; scale-in only goes down to the highest recommendation of the
 * last {@code scaleInWindow} (stabilisation, so a short lull does not drop replicas that the next
 * burst needs). Replicas stay between {@code max(minReplicas, 1)} and {@code maxReplicas}; with
 * {@code minReplicas = 0} the endpoint goes to zero after {@code scaleToZeroAfter} without requests
 * (KServe's scale-to-zero) and a request arriving then starts one replica (cold start).
 *
 * <p>Policies: {@code cpu} (percent of the replica's CPUs, averaged over the metrics window),
 * {@code requests} (requests per second per replica) and {@code concurrency} (requests in flight
 * per replica, averaged over the window).
 */
final class Autoscaler {

  static final double TOLERANCE = 0.1;

  /** What the endpoint looks like now. */
  record Observation(
      Instant now,
      int replicas,
      int measuredReplicas,
      double cpuPercent,
      double requestsPerSecond,
      double inFlight,
      int inFlightNow,
      Instant lastActivity) {}

  /** The replica count to converge to and, when it changes, why. */
  record Decision(int replicas, String reason) {
    boolean changes(int current) {
      return replicas != current;
    }
  }

  private record Recommendation(Instant at, int replicas) {}

  private final String policy;
  private final double target;
  private final int minReplicas;
  private final int maxReplicas;
  private final Duration scaleInWindow;
  private final Duration scaleToZeroAfter;
  private final Deque<Recommendation> recent = new ArrayDeque<>();

  Autoscaler(
      String policy,
      double target,
      int minReplicas,
      int maxReplicas,
      Duration scaleInWindow,
      Duration scaleToZeroAfter) {
    this.policy = policy;
    this.target = target;
    this.minReplicas = minReplicas;
    this.maxReplicas = maxReplicas;
    this.scaleInWindow = scaleInWindow;
    this.scaleToZeroAfter = scaleToZeroAfter;
  }

  /** The count a new (or re-applied) endpoint starts with: serving at once, within the bounds. */
  int initialReplicas() {
    return Math.min(Math.max(minReplicas, 1), maxReplicas);
  }

  Decision decide(Observation now) {
    int current = now.replicas();
    int floor = Math.max(minReplicas, 1);
    if (current == 0) {
      // Scaled to zero: only a request brings it back (coldStart), or a raised minimum.
      return minReplicas > 0
          ? new Decision(
              floor, "minReplicas " + minReplicas + " → " + floor + " (was scaled to zero)")
          : new Decision(0, null);
    }
    if (current < floor) {
      return new Decision(floor, "below minReplicas " + minReplicas + " → " + floor);
    }
    if (current > maxReplicas) {
      return new Decision(maxReplicas, "above maxReplicas " + maxReplicas + " → " + maxReplicas);
    }
    if (recent.isEmpty()) {
      remember(now.now(), current); // the window starts from the count we were given
    }
    if (minReplicas == 0
        && now.inFlightNow() == 0
        && idleFor(now).compareTo(scaleToZeroAfter) >= 0) {
      return new Decision(
          0, "no requests for " + seconds(idleFor(now)) + " (scale to zero after idle) → 0");
    }
    if (now.measuredReplicas() == 0) {
      return new Decision(current, null); // starting: nothing measured yet
    }
    double perReplica = perReplica(now);
    double ratio = perReplica / target;
    int recommended =
        Math.abs(ratio - 1) <= TOLERANCE
            ? current
            : clamp((int) Math.ceil(now.measuredReplicas() * ratio - 1e-9), floor);
    remember(now.now(), recommended);
    if (recommended > current) {
      return new Decision(
          recommended, describe(perReplica, ">", now.measuredReplicas(), recommended));
    }
    int stabilised = highestRecent();
    // Scale in only on a full measurement: a replica still starting would read as idle.
    if (stabilised < current && now.measuredReplicas() >= current) {
      return new Decision(
          stabilised,
          describe(perReplica, "<", now.measuredReplicas(), stabilised)
              + " (highest recommendation over the last "
              + seconds(scaleInWindow)
              + ")");
    }
    return new Decision(current, null);
  }

  /** A request arrived while scaled to zero. */
  Decision coldStart() {
    int replicas = initialReplicas();
    return new Decision(replicas, "request arrived while scaled to zero → " + replicas);
  }

  private double perReplica(Observation now) {
    return switch (policy) {
      case "cpu" -> now.cpuPercent();
      case "concurrency" -> now.inFlight() / now.measuredReplicas();
      default -> now.requestsPerSecond() / now.measuredReplicas();
    };
  }

  private String describe(double value, String comparison, int replicas, int to) {
    String what =
        switch (policy) {
          case "cpu" ->
              String.format(
                  Locale.ROOT, "cpu %.0f%% %s target %s%%", value, comparison, number(target));
          case "concurrency" ->
              String.format(
                  Locale.ROOT,
                  "in-flight %.1f per replica %s target %s",
                  value,
                  comparison,
                  number(target));
          default ->
              String.format(
                  Locale.ROOT,
                  "requests %.1f/s per replica %s target %s/s",
                  value,
                  comparison,
                  number(target));
        };
    return String.format(
        Locale.ROOT, "%s on %d replica%s → %d", what, replicas, replicas == 1 ? "" : "s", to);
  }

  private int clamp(int replicas, int floor) {
    return Math.max(floor, Math.min(maxReplicas, replicas));
  }

  private void remember(Instant at, int replicas) {
    recent.addLast(new Recommendation(at, replicas));
    while (!recent.isEmpty() && recent.peekFirst().at().isBefore(at.minus(scaleInWindow))) {
      recent.removeFirst();
    }
  }

  private int highestRecent() {
    return recent.stream().mapToInt(Recommendation::replicas).max().orElse(Integer.MAX_VALUE);
  }

  /** A change the endpoint applied: the scale-in window counts from it. */
  void applied(Instant at, int replicas) {
    recent.clear();
    remember(at, replicas);
  }

  private Duration idleFor(Observation now) {
    return Duration.between(now.lastActivity(), now.now());
  }

  private static String seconds(Duration duration) {
    return duration.toSeconds() + " s";
  }

  private static String number(double value) {
    return value == Math.rint(value)
        ? Long.toString((long) value)
        : String.format(Locale.ROOT, "%.2f", value);
  }
}
