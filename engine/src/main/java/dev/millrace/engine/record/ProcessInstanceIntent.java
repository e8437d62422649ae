package dev.millrace.engine.record;

public enum ProcessInstanceIntent implements Intent {
  CANCEL(false),
  ACTIVATE_ELEMENT(false),
  COMPLETE_ELEMENT(false),
  TERMINATE_ELEMENT(false),
  ELEMENT_ACTIVATING(true),
  ELEMENT_ACTIVATED(true),
  ELEMENT_COMPLETING(true),
  ELEMENT_COMPLETED(true),
  ELEMENT_TERMINATING(true),
  ELEMENT_TERMINATED(true),
  SEQUENCE_FLOW_TAKEN(true);

  private final boolean event;

  ProcessInstanceIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
