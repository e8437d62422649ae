package dev.millrace.platform.compute.local;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/**
 * Puts the {@link EndpointRouter} on the platform's HTTP server at {@code /endpoints/**}, every
 * method. The router authorises callers itself (service token or API key), so the platform's own
 * API-key filter does not run on these paths (see {@link LocalComputeConfiguration}). Left out of
 * the OpenAPI document: these are the endpoints' Open Inference Protocol paths, not the platform's
 * API.
 */
@Controller
@Hidden
@ConditionalOnProperty(
    name = "millrace.compute.backend",
    havingValue = "local",
    matchIfMissing = true)
class EndpointRouterController {

  private final EndpointRouter router;

  EndpointRouterController(LocalComputeBackend backend) {
    this.router = backend.router();
  }

  @RequestMapping(EndpointRouter.PREFIX + "/**")
  void route(HttpServletRequest request, HttpServletResponse response) throws IOException {
    router.handle(request, response);
  }
}
