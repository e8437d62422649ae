package dev.millrace.platform.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;

/** Problem types of the platform's API ({@code urn:millrace:problem:<name>}, listed in README). */
public final class Problems {

  private Problems() {}

  public static URI type(String name) {
    return URI.create("urn:millrace:problem:" + name);
  }

  public static ProblemDetail of(HttpStatusCode status, String type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
    problem.setType(type(type));
    return problem;
  }

  /** A 400 naming each offending field: {@code errors: [{field, message}]}. */
  public static ProblemDetail invalid(String detail, List<FieldProblem> errors) {
    ProblemDetail problem = of(org.springframework.http.HttpStatus.BAD_REQUEST, "invalid", detail);
    problem.setProperty("errors", errors);
    return problem;
  }

  /** One field and what is wrong with it; {@code field} is a JSON path such as {@code a.b[0]}. */
  public record FieldProblem(String field, String message) {}
}
