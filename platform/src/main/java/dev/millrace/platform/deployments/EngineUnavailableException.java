package dev.millrace.platform.deployments;

import dev.millrace.platform.web.ApiException;
import org.springframework.http.HttpStatus;

/** The process engine did not take the request; nothing was left half done. */
class EngineUnavailableException extends ApiException {

  EngineUnavailableException(String detail) {
    super(HttpStatus.SERVICE_UNAVAILABLE, "engine-unavailable", detail);
  }
}
