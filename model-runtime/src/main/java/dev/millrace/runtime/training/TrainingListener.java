package dev.millrace.runtime.training;

/** Receives a run's events as they happen, on the training thread: return quickly. */
@FunctionalInterface
public interface TrainingListener {

  void onEvent(TrainingEvent event);

  TrainingListener NONE = event -> {};
}
