package dev.millrace.engine.record;

public enum ProcessIntent implements Intent {
  CREATED(true);

  private final boolean event;

  ProcessIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
