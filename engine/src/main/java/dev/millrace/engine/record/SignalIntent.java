package dev.millrace.engine.record;

public enum SignalIntent implements Intent {
  BROADCAST(false),
  BROADCASTED(true);

  private final boolean event;

  SignalIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
