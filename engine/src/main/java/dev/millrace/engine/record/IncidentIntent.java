package dev.millrace.engine.record;

public enum IncidentIntent implements Intent {
  RESOLVE(false),
  CREATED(true),
  RESOLVED(true);

  private final boolean event;

  IncidentIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
