package dev.millrace.tests.durability;

import dev.millrace.tests.durability.CrashProcesses.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * What the client saw, kept in the test JVM where a SIGKILL of the engine cannot reach it: every
 * attempted and acknowledged instance creation, every job activation and every acknowledged job
 * completion. The checks compare it with what the engine did after its restarts.
 */
final class CrashLedger {

  /** One attempt to create instance number {@code n}. */
  record Attempt(long n, Kind kind, int timerSeconds) {
    Map<String, Object> expected() {
      return CrashProcesses.expectedAtFinish(kind, n, timerSeconds);
    }
  }

  /**
   * One job handed to a worker. {@code activatedAt} is the engine's processing time of the
   * activation (deadline minus timeout): same machine, same wall clock as the test.
   */
  record Activation(
      long jobKey,
      String type,
      String elementId,
      long processInstanceKey,
      long n,
      long activatedAt,
      Map<String, Object> variables) {}

  private final Map<Long, Attempt> attempts = new ConcurrentHashMap<>();
  private final Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
  private final Set<Long> cancelled = ConcurrentHashMap.newKeySet();
  private final Map<Long, List<Activation>> activationsByJob = new ConcurrentHashMap<>();
  private final Map<Long, List<Long>> completionAcks = new ConcurrentHashMap<>();
  private final Map<Long, List<Activation>> finishesByN = new ConcurrentHashMap<>();
  private final AtomicInteger completionsNotFound = new AtomicInteger();
  private final AtomicInteger completionsUnanswered = new AtomicInteger();
  private final AtomicInteger creationsUnanswered = new AtomicInteger();
  private final AtomicInteger messagesAcknowledged = new AtomicInteger();
  private final AtomicInteger messagesAlreadyThere = new AtomicInteger();

  void attempted(Attempt attempt) {
    attempts.put(attempt.n(), attempt);
  }

  void created(long n, long processInstanceKey) {
    acknowledged.put(n, processInstanceKey);
  }

  /** The engine acknowledged cancelling instance {@code n} (or said it was already gone). */
  void cancelled(long n) {
    cancelled.add(n);
  }

  void creationUnanswered() {
    creationsUnanswered.incrementAndGet();
  }

  void messageAcknowledged(boolean alreadyThere) {
    (alreadyThere ? messagesAlreadyThere : messagesAcknowledged).incrementAndGet();
  }

  void activated(Activation activation) {
    activationsByJob
        .computeIfAbsent(activation.jobKey(), k -> new CopyOnWriteArrayList<>())
        .add(activation);
    if (activation.type().equals(CrashProcesses.FINISH)) {
      finishesByN
          .computeIfAbsent(activation.n(), k -> new CopyOnWriteArrayList<>())
          .add(activation);
    }
  }

  void completionAcknowledged(long jobKey, long at) {
    completionAcks.computeIfAbsent(jobKey, k -> new CopyOnWriteArrayList<>()).add(at);
  }

  void completionNotFound() {
    completionsNotFound.incrementAndGet();
  }

  void completionUnanswered() {
    completionsUnanswered.incrementAndGet();
  }

  Map<Long, Long> acknowledgedInstances() {
    return Map.copyOf(acknowledged);
  }

  Attempt attempt(long n) {
    return attempts.get(n);
  }

  boolean finished(long n) {
    return finishesByN.containsKey(n);
  }

  /** Acknowledged, not cancelled instances whose finish job no worker has seen yet. */
  List<Long> unfinished() {
    return acknowledged.keySet().stream()
        .filter(Predicate.not(this::finished))
        .filter(n -> attempts.get(n).kind() != Kind.CANCELLED)
        .sorted()
        .toList();
  }

  /**
   * Everything the engine got wrong, one line each; empty when every acknowledged operation
   * survived. {@code slackMillis} absorbs the wall clock's granularity between two processes.
   */
  List<String> violations(long slackMillis) {
    var problems = new ArrayList<String>();
    acknowledged.forEach(
        (n, key) -> {
          var attempt = attempts.get(n);
          var finishes = finishesByN.getOrDefault(n, List.of());
          if (attempt.kind() == Kind.CANCELLED) {
            if (!cancelled.contains(n)) {
              problems.add(
                  "instance n=" + n + " (key " + key + ") was never cancelled by the test");
            }
            return;
          }
          if (finishes.isEmpty()) {
            problems.add(
                "instance n=" + n + " (" + attempt.kind() + ", key " + key + ") never finished");
          }
          for (var finish : finishes) {
            if (finish.processInstanceKey() != key) {
              problems.add(
                  "instance n="
                      + n
                      + " was acknowledged with key "
                      + key
                      + " but finished as "
                      + finish.processInstanceKey());
            }
          }
        });
    finishesByN.forEach(
        (n, finishes) -> {
          var attempt = attempts.get(n);
          if (attempt == null) {
            problems.add("a finish job for n=" + n + ", which the test never created");
            return;
          }
          if (attempt.kind() == Kind.CANCELLED) {
            problems.add(
                "instance n=" + n + " reached its finish job, but only cancellation could end it");
            return;
          }
          var expected = normalise(attempt.expected());
          for (var finish : finishes) {
            if (!normalise(finish.variables()).equals(expected)) {
              problems.add(
                  "instance n="
                      + n
                      + " ("
                      + attempt.kind()
                      + ") finished with "
                      + finish.variables()
                      + ", expected "
                      + expected);
            }
          }
          long instances =
              finishes.stream().mapToLong(Activation::processInstanceKey).distinct().count();
          if (instances > 1) {
            problems.add("creation n=" + n + " produced " + instances + " instances: " + finishes);
          }
        });
    jobsPerElement(problems);
    completions(problems, slackMillis);
    return problems;
  }

  /** A job is created once per element instance; a retry after a crash must not make another. */
  private void jobsPerElement(List<String> problems) {
    Map<String, List<Long>> jobs = new HashMap<>();
    activationsByJob.forEach(
        (jobKey, activations) -> {
          var first = activations.getFirst();
          jobs.computeIfAbsent(
                  first.processInstanceKey() + "/" + first.elementId(), k -> new ArrayList<>())
              .add(jobKey);
        });
    jobs.forEach(
        (element, keys) -> {
          if (keys.size() > 1) {
            problems.add("element " + element + " got " + keys.size() + " jobs: " + keys);
          }
        });
  }

  /**
   * A completion the engine acknowledged counts once: no second acknowledged completion of the same
   * job, and the engine never hands that job out again after acknowledging it.
   */
  private void completions(List<String> problems, long slackMillis) {
    completionAcks.forEach(
        (jobKey, acks) -> {
          if (acks.size() > 1) {
            problems.add("job " + jobKey + " was completed " + acks.size() + " times");
          }
          long ackedAt = acks.stream().mapToLong(Long::longValue).min().orElseThrow();
          for (var activation : activationsByJob.getOrDefault(jobKey, List.of())) {
            if (activation.activatedAt() > ackedAt + slackMillis) {
              problems.add(
                  "job "
                      + jobKey
                      + " ("
                      + activation.type()
                      + ", n="
                      + activation.n()
                      + ") was activated again "
                      + (activation.activatedAt() - ackedAt)
                      + " ms after its completion was acknowledged");
            }
          }
        });
  }

  /** Numbers compare by value: the engine may hand 4 back as 4, 4L or 4.0. */
  static Map<String, Object> normalise(Map<String, Object> variables) {
    var result = new HashMap<String, Object>();
    variables.forEach(
        (k, v) ->
            result.put(
                k,
                v instanceof Number number
                    ? new BigDecimal(number.toString()).stripTrailingZeros()
                    : v));
    return result;
  }

  String summary() {
    var byKind = new HashMap<Kind, int[]>();
    attempts.values().forEach(a -> byKind.computeIfAbsent(a.kind(), k -> new int[3])[0]++);
    acknowledged.keySet().forEach(n -> byKind.get(attempts.get(n).kind())[1]++);
    finishesByN.keySet().stream()
        .map(attempts::get)
        .filter(Objects::nonNull)
        .forEach(a -> byKind.get(a.kind())[2]++);
    var text = new StringBuilder();
    text.append(String.format("  cancellations acknowledged %d%n", cancelled.size()));
    byKind.forEach(
        (kind, c) ->
            text.append(
                String.format(
                    "  %-8s attempted %5d, acknowledged %5d, finished %5d%n",
                    kind.label(), c[0], c[1], c[2])));
    long unackedButFinished =
        finishesByN.keySet().stream().filter(n -> !acknowledged.containsKey(n)).count();
    int activations = activationsByJob.values().stream().mapToInt(List::size).sum();
    text.append(
        String.format(
            "  creations unanswered %d (of which finished anyway: %d)%n"
                + "  jobs %d, activations %d (redeliveries %d), completions acknowledged %d,"
                + " NOT_FOUND %d, unanswered %d%n"
                + "  messages acknowledged %d, already there on retry %d",
            creationsUnanswered.get(),
            unackedButFinished,
            activationsByJob.size(),
            activations,
            activations - activationsByJob.size(),
            completionAcks.size(),
            completionsNotFound.get(),
            completionsUnanswered.get(),
            messagesAcknowledged.get(),
            messagesAlreadyThere.get()));
    return text.toString();
  }
}
