package dev.millrace.platform.training;

/** A run trains a catalogue entry from scratch, or fine-tunes a registered model version. */
public enum RunKind {
  TRAINING("train-model"),
  FINE_TUNE("fine-tune-model");

  private final String processId;

  RunKind(String processId) {
    this.processId = processId;
  }

  /** The BPMN process that drives runs of this kind. */
  public String processId() {
    return processId;
  }
}
