package dev.millrace.platform.web;

import org.springframework.http.HttpStatus;

/**
 * A part the request needs (the process engine, say) did not answer; nothing was left half done,
 * and the same request may succeed later.
 */
public class UnavailableException extends ApiException {

  public UnavailableException(String type, String detail) {
    super(HttpStatus.SERVICE_UNAVAILABLE, type, detail);
  }
}
