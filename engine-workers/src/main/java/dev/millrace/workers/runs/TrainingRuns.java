package dev.millrace.workers.runs;

import java.util.Map;

/** Training and fine-tuning runs, as the train-model and fine-tune-model processes drive them. */
public interface TrainingRuns {

  /** Starts (or resumes) the run's compute; throws a COMPUTE_UNAVAILABLE failure. */
  void startCompute(String runId);

  void cancelCompute(String runId);

  /** Checks the finished run's held-out evaluation and returns it for the process. */
  Map<String, Object> evaluate(String runId);

  /** Records the run's final status (SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, REJECTED). */
  void finish(String runId, String status, String failureMessage);
}
