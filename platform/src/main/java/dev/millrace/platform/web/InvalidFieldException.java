package dev.millrace.platform.web;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/** A request value that passed bean validation but breaks a rule only the service knows. */
public class InvalidFieldException extends ApiException {

  private final Problems.FieldProblem problem;

  public InvalidFieldException(String field, String message) {
    super(HttpStatus.BAD_REQUEST, "invalid", field + ": " + message);
    this.problem = new Problems.FieldProblem(field, message);
  }

  @Override
  public ProblemDetail toProblem() {
    return Problems.invalid(getMessage(), List.of(problem));
  }
}
