package dev.millrace.platform.web;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.millrace.platform.credits.Credits;
import dev.millrace.platform.web.Problems.FieldProblem;
import dev.millrace.workers.credits.InsufficientCreditsException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.lang.Nullable;
import org.springframework.validation.BindingResult;
import org.springframework.validation.FieldError;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every error of the REST API into {@code application/problem+json}, naming the field
 * (validation: {@code errors: [{field, message}]}) or the place in the body (malformed JSON: {@code
 * line}, {@code column}) where Jackson reports it.
 */
@RestControllerAdvice
public class ApiExceptionHandler extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ProblemDetail> api(ApiException e) {
    return ResponseEntity.status(e.status()).body(e.toProblem());
  }

  /**
   * 402 Payment Required: the request is well-formed and allowed, and would succeed once the tenant
   * has more credits; nothing was reserved and no compute started.
   */
  @ExceptionHandler(InsufficientCreditsException.class)
  ResponseEntity<ProblemDetail> insufficientCredits(InsufficientCreditsException e) {
    ProblemDetail problem =
        Problems.of(HttpStatus.PAYMENT_REQUIRED, "insufficient-credits", e.getMessage());
    problem.setProperty("available", Credits.decimal(e.availableMicroCredits()));
    problem.setProperty("required", Credits.decimal(e.requestedMicroCredits()));
    return ResponseEntity.status(HttpStatus.PAYMENT_REQUIRED).body(problem);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e) {
    log.error("Unhandled error in a REST call", e);
    return ResponseEntity.internalServerError()
        .body(
            Problems.of(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "internal",
                "Internal error; the platform's log has the details"));
  }

  @Override
  protected ResponseEntity<Object> handleMethodArgumentNotValid(
      MethodArgumentNotValidException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return invalid(fieldProblems(e.getBindingResult()));
  }

  @Override
  protected ResponseEntity<Object> handleHandlerMethodValidationException(
      HandlerMethodValidationException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    List<FieldProblem> problems = new ArrayList<>();
    e.getParameterValidationResults()
        .forEach(
            result ->
                result
                    .getResolvableErrors()
                    .forEach(
                        error ->
                            problems.add(
                                new FieldProblem(
                                    result.getMethodParameter().getParameterName(),
                                    error.getDefaultMessage()))));
    return invalid(problems);
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestParameter(
      MissingServletRequestParameterException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return invalid(List.of(new FieldProblem(e.getParameterName(), "is required")));
  }

  @Override
  protected ResponseEntity<Object> handleMissingServletRequestPart(
      MissingServletRequestPartException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return invalid(List.of(new FieldProblem(e.getRequestPartName(), "is required")));
  }

  @Override
  protected ResponseEntity<Object> handleTypeMismatch(
      TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    String expected =
        e.getRequiredType() == null ? "another type" : e.getRequiredType().getSimpleName();
    return invalid(
        List.of(
            new FieldProblem(
                e.getPropertyName(), "'" + e.getValue() + "' is not a valid " + expected)));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMessageNotReadable(
      HttpMessageNotReadableException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return ResponseEntity.badRequest().body(unreadable(e));
  }

  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException e,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        Problems.of(
            status,
            "unsupported-media-type",
            "Content type "
                + e.getContentType()
                + " is not supported here; use one of "
                + e.getSupportedMediaTypes());
    return ResponseEntity.status(status).headers(headers).body(problem);
  }

  static ProblemDetail unreadable(HttpMessageNotReadableException e) {
    if (!(e.getCause() instanceof JsonProcessingException json)) {
      return Problems.of(
          HttpStatus.BAD_REQUEST, "unreadable", "The request body is missing or unreadable");
    }
    JsonLocation at = json.getLocation();
    String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    ProblemDetail problem;
    if (json instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()) {
      String field = path(mismatch);
      String message =
          mismatch instanceof InvalidFormatException invalid
              ? "'"
                  + invalid.getValue()
                  + "' is not a valid "
                  + invalid.getTargetType().getSimpleName()
              : "expected " + describe(mismatch.getTargetType());
      problem =
          Problems.invalid(
              field + ": " + message + where, List.of(new FieldProblem(field, message)));
    } else {
      problem =
          Problems.of(
              HttpStatus.BAD_REQUEST,
              "malformed-json",
              "Malformed JSON" + where + ": " + json.getOriginalMessage());
    }
    if (at != null && at.getLineNr() > 0) {
      problem.setProperty("line", at.getLineNr());
      problem.setProperty("column", at.getColumnNr());
    }
    return problem;
  }

  private static String path(JsonMappingException e) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : e.getPath()) {
      if (ref.getFieldName() != null) {
        if (!path.isEmpty()) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  private static String describe(@Nullable Class<?> type) {
    if (type == null) {
      return "another value";
    }
    if (Number.class.isAssignableFrom(type) || type.isPrimitive() && type != boolean.class) {
      return "a number";
    }
    if (List.class.isAssignableFrom(type) || type.isArray()) {
      return "an array";
    }
    if (type == String.class) {
      return "a string";
    }
    return "a " + type.getSimpleName();
  }

  private static List<FieldProblem> fieldProblems(BindingResult result) {
    List<FieldProblem> problems = new ArrayList<>();
    for (FieldError error : result.getFieldErrors()) {
      problems.add(new FieldProblem(error.getField(), error.getDefaultMessage()));
    }
    result
        .getGlobalErrors()
        .forEach(
            error ->
                problems.add(new FieldProblem(error.getObjectName(), error.getDefaultMessage())));
    return problems;
  }

  private static ResponseEntity<Object> invalid(List<FieldProblem> problems) {
    String detail =
        String.join("; ", problems.stream().map(p -> p.field() + ": " + p.message()).toList());
    return ResponseEntity.badRequest().body(Problems.invalid(detail, problems));
  }
}
