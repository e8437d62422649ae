package dev.millrace.platform.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Errors that never reach a controller (raised by the servlet container or a filter) are forwarded
 * to {@code /error}; answer them as problems too, instead of Boot's default JSON.
 */
@RestController
public class ProblemErrorController implements ErrorController {

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    HttpStatus status =
        code instanceof Integer value
            ? HttpStatus.resolve(value)
            : HttpStatus.INTERNAL_SERVER_ERROR;
    if (status == null) {
      status = HttpStatus.INTERNAL_SERVER_ERROR;
    }
    Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
    String detail =
        status == HttpStatus.NOT_FOUND
            ? "No resource at " + uri
            : status.is5xxServerError()
                ? "Internal error; the platform's log has the details"
                : status.getReasonPhrase();
    ProblemDetail problem =
        Problems.of(
            status,
            status == HttpStatus.NOT_FOUND ? "not-found" : "http-" + status.value(),
            detail);
    if (uri != null) {
      problem.setInstance(java.net.URI.create(uri.toString()));
    }
    return ResponseEntity.status(status).body(problem);
  }
}
