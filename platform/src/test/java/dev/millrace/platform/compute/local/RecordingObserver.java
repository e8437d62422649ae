package dev.millrace.platform.compute.local;

import dev.millrace.workers.compute.TrainingObserver;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every call a backend makes on its training observer, in order. */
final class RecordingObserver implements TrainingObserver {

  /** One call: its kind (started, epoch, succeeded, failed, cancelled) and what came with it. */
  record Call(
      String kind,
      String runId,
      Map<String, Object> fields,
      Path artifact,
      String message,
      double computeSeconds,
      long atNanos) {}

  final List<Call> calls = new CopyOnWriteArrayList<>();

  List<Call> of(String runId) {
    return calls.stream().filter(call -> call.runId().equals(runId)).toList();
  }

  List<Call> of(String runId, String kind) {
    return of(runId).stream().filter(call -> call.kind().equals(kind)).toList();
  }

  /** The terminal calls (succeeded, failed, cancelled) of the run. */
  List<Call> ends(String runId) {
    return of(runId).stream()
        .filter(call -> List.of("succeeded", "failed", "cancelled").contains(call.kind()))
        .toList();
  }

  @Override
  public void started(String runId, Map<String, Object> details) {
    calls.add(new Call("started", runId, details, null, null, 0, System.nanoTime()));
  }

  @Override
  public void epoch(String runId, Map<String, Object> metrics) {
    calls.add(new Call("epoch", runId, metrics, null, null, 0, System.nanoTime()));
  }

  @Override
  public void succeeded(
      String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds) {
    calls.add(
        new Call(
            "succeeded", runId, testMetrics, artifactDir, null, computeSeconds, System.nanoTime()));
  }

  @Override
  public void failed(String runId, String message, double computeSeconds) {
    calls.add(
        new Call("failed", runId, Map.of(), null, message, computeSeconds, System.nanoTime()));
  }

  @Override
  public void cancelled(String runId, double computeSeconds) {
    calls.add(
        new Call("cancelled", runId, Map.of(), null, null, computeSeconds, System.nanoTime()));
  }
}
