package dev.millrace.platform.web;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The platform's one error type at the REST boundary: every service throws a subclass, and {@link
 * ApiExceptionHandler} turns it into an {@code application/problem+json} response.
 */
public abstract class ApiException extends RuntimeException {

  private final HttpStatus status;
  private final String type;
  private final Map<String, Object> properties = new LinkedHashMap<>();

  protected ApiException(HttpStatus status, String type, String detail) {
    super(detail);
    this.status = status;
    this.type = type;
  }

  /** Adds a machine-readable member to the problem (e.g. {@code field}, {@code available}). */
  protected final void with(String name, Object value) {
    properties.put(name, value);
  }

  public HttpStatus status() {
    return status;
  }

  public ProblemDetail toProblem() {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, getMessage());
    problem.setType(Problems.type(type));
    properties.forEach(problem::setProperty);
    return problem;
  }

  /** The type URI this exception's problems carry. */
  public URI typeUri() {
    return Problems.type(type);
  }
}
