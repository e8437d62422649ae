package dev.millrace.runtime.training;

/**
 * Receives a run's events as they happen: on the training thread, except {@code checkpoint} events,
 * which come from the checkpoint writer once the file is in place. Return quickly, and synchronise
 * if the two may interleave.
 */
@FunctionalInterface
public interface TrainingListener {

  void onEvent(TrainingEvent event);

  TrainingListener NONE = event -> {};
}
