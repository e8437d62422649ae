package dev.millrace.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The caller is known but its role does not allow the operation (e.g. a member granting credits).
 */
public class ForbiddenException extends ApiException {

  public ForbiddenException(String detail) {
    super(HttpStatus.FORBIDDEN, "forbidden", detail);
  }
}
