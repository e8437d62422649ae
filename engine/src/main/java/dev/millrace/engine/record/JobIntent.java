package dev.millrace.engine.record;

public enum JobIntent implements Intent {
  COMPLETE(false),
  FAIL(false),
  THROW_ERROR(false),
  UPDATE_RETRIES(false),
  UPDATE_TIMEOUT(false),
  TIME_OUT(false),
  YIELD(false),
  RECUR_AFTER_BACKOFF(false),
  CREATED(true),
  COMPLETED(true),
  FAILED(true),
  ERROR_THROWN(true),
  RETRIES_UPDATED(true),
  TIMEOUT_UPDATED(true),
  TIMED_OUT(true),
  YIELDED(true),
  RECURRED_AFTER_BACKOFF(true),
  CANCELED(true);

  private final boolean event;

  JobIntent(boolean event) {
    this.event = event;
  }

  @Override
  public boolean isEvent() {
    return event;
  }
}
