package dev.millrace.runtime.training;

import dev.millrace.runtime.ModelRuntimeException;

/** Training stopped because it was asked to; the last checkpoint allows a resume. */
public final class TrainingCancelledException extends ModelRuntimeException {

  private final int lastCheckpointEpoch;

  public TrainingCancelledException(int lastCheckpointEpoch) {
    super("training cancelled; last checkpoint at epoch " + lastCheckpointEpoch);
    this.lastCheckpointEpoch = lastCheckpointEpoch;
  }

  public int lastCheckpointEpoch() {
    return lastCheckpointEpoch;
  }
}
