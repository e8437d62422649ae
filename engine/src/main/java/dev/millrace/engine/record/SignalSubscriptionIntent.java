package dev.millrace.engine.record;

public enum SignalSubscriptionIntent implements Intent {
  CREATED(true),
  DELETED(true);

  private final boolean event;

  SignalSubscriptionIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
