package dev.millrace.platform.web;

import org.springframework.http.HttpStatus;

/** The request clashes with the current state (a taken name, a reused idempotency key). */
public class ConflictException extends ApiException {

  public ConflictException(String type, String detail) {
    super(HttpStatus.CONFLICT, type, detail);
  }
}
