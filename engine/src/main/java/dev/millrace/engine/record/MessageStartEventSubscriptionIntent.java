package dev.millrace.engine.record;

public enum MessageStartEventSubscriptionIntent implements Intent {
  CREATED(true),
  CORRELATED(true),
  DELETED(true);

  private final boolean event;

  MessageStartEventSubscriptionIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
