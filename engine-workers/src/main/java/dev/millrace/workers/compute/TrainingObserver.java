package dev.millrace.workers.compute;

import java.nio.file.Path;
import java.util.Map;

/** What a compute backend reports about a training job while and after it runs. */
public interface TrainingObserver {

  void started(String runId, Map<String, Object> details);

  /** One epoch's metrics (the model runtime's `epoch` event fields), as they happen. */
  void epoch(String runId, Map<String, Object> metrics);

  void succeeded(
      String runId, Path artifactDir, Map<String, Object> testMetrics, double computeSeconds);

  void failed(String runId, String message, double computeSeconds);

  void cancelled(String runId, double computeSeconds);
}
