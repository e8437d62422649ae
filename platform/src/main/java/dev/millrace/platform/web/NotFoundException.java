package dev.millrace.platform.web;

import org.springframework.http.HttpStatus;

/**
 * The object does not exist, or belongs to another tenant: both answer the same 404, so a caller
 * cannot learn that another tenant's object exists.
 */
public class NotFoundException extends ApiException {

  public NotFoundException(String kind, Object id) {
    super(HttpStatus.NOT_FOUND, "not-found", kind + " " + id + " not found");
    with("resource", kind);
    with("id", String.valueOf(id));
  }
}
