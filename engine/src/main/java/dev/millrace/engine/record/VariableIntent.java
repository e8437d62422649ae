package dev.millrace.engine.record;

public enum VariableIntent implements Intent {
  CREATED(true),
  UPDATED(true);

  private final boolean event;

  VariableIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
