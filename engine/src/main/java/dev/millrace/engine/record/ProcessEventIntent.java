package dev.millrace.engine.record;

public enum ProcessEventIntent implements Intent {
  TRIGGERING(true),
  TRIGGERED(true);

  private final boolean event;

  ProcessEventIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
