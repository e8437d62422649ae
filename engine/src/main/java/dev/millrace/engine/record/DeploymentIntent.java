package dev.millrace.engine.record;

public enum DeploymentIntent implements Intent {
  CREATE(false),
  CREATED(true);

  private final boolean event;

  DeploymentIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
