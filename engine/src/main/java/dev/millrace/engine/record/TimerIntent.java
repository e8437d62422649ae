package dev.millrace.engine.record;

public enum TimerIntent implements Intent {
  TRIGGER(false),
  CREATED(true),
  TRIGGERED(true),
  CANCELED(true);

  private final boolean event;

  TimerIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
