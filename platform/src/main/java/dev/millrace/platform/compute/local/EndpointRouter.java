package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.platform.compute.local.LocalEndpoint.Unavailable;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints' one stable URL: {@code /endpoints/{name}/v2/...} on the platform's own HTTP server
 * ({@link EndpointRouterController} hands it every request under {@code /endpoints/}). Each request
 * is checked by {@link EndpointAccess}, sent to the replica with the fewest requests in flight
 * (waiting, bounded, while one starts; starting one if the endpoint is scaled to zero), and the
 * replica's status, headers and body are streamed back. Errors of the router itself are {@code
 * application/problem+json}.
 *
 * <p>Request bodies are read in full first (bounded by {@code max-request-bytes}): a request whose
 * replica went away before answering is sent once more to another one.
 */
public final class EndpointRouter {

  /** Where endpoints live on the platform's HTTP server. */
  public static final String PREFIX = "/endpoints";

  private static final Logger log = LoggerFactory.getLogger(EndpointRouter.class);

  /** Hop-by-hop headers (RFC 9110 7.6.1) and those the JDK client sets itself. */
  private static final Set<String> NOT_FORWARDED =
      Set.of(
          "connection",
          "keep-alive",
          "proxy-authenticate",
          "proxy-authorization",
          "te",
          "trailer",
          "transfer-encoding",
          "upgrade",
          "host",
          "content-length",
          "expect",
          "http2-settings",
          // The caller's credentials are for the router, never for the replica.
          "authorization",
          "cookie");

  private final LocalEndpoints endpoints;
  private final EndpointAccess access;
  private final HttpClient http;
  private final LocalComputeProperties settings;
  private final ObjectMapper json;

  EndpointRouter(
      LocalEndpoints endpoints,
      EndpointAccess access,
      HttpClient http,
      LocalComputeProperties settings,
      ObjectMapper json) {
    this.endpoints = endpoints;
    this.access = access;
    this.http = http;
    this.settings = settings;
    this.json = json;
  }

  /** Answers one request whose path (after the context path) starts with {@link #PREFIX}. */
  public void handle(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String prefix = request.getContextPath() + PREFIX;
    String uri = request.getRequestURI();
    String path = uri.startsWith(prefix) ? uri.substring(prefix.length()) : "";
    int slash = path.indexOf('/', 1);
    String name =
        path.length() > 1
            ? URLDecoder.decode(
                slash < 0 ? path.substring(1) : path.substring(1, slash), StandardCharsets.UTF_8)
            : "";
    String rest = slash < 0 ? "" : path.substring(slash);
    if (name.isEmpty() || !(rest.equals("/v2") || rest.startsWith("/v2/"))) {
      problem(
          request,
          response,
          404,
          "not-found",
          "Endpoint URLs are /endpoints/{name}/v2/... (Open Inference Protocol v2)",
          0,
          null);
      return;
    }
    Optional<LocalEndpoint> found = endpoints.byName(name);
    if (found.isEmpty()) {
      problem(request, response, 404, "not-found", "No endpoint named '" + name + "'", 0, null);
      return;
    }
    LocalEndpoint endpoint = found.get();
    long started = System.nanoTime();
    EndpointAccess.Verdict verdict =
        access.check(endpoint.spec(), request.getHeader("Authorization"), started);
    if (!verdict.allowed()) {
      // Counted in the endpoint's metrics (who is knocking), not in its autoscaling traffic.
      endpoint
          .metrics()
          .record(
              problem(
                  request,
                  response,
                  verdict.status(),
                  verdict.type(),
                  verdict.detail(),
                  verdict.retryAfterSeconds(),
                  verdict.challenge()),
              Duration.ofNanos(System.nanoTime() - started));
      return;
    }
    byte[] body = readBody(request);
    if (body == null) {
      endpoint
          .metrics()
          .record(
              problem(
                  request,
                  response,
                  413,
                  "payload-too-large",
                  "The request body is larger than " + settings.getMaxRequestBytes() + " bytes",
                  0,
                  null),
              Duration.ofNanos(System.nanoTime() - started));
      return;
    }
    String target = rest + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
    endpoint.stats().arrived(started);
    int status = 500;
    try {
      status = forward(endpoint, request, response, target, body);
    } finally {
      endpoint.stats().finished();
      endpoint.metrics().record(status, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  private int forward(
      LocalEndpoint endpoint,
      HttpServletRequest request,
      HttpServletResponse response,
      String target,
      byte[] body)
      throws IOException {
    Replica avoid = null;
    for (int attempt = 1; ; attempt++) {
      Replica replica;
      try {
        replica = endpoint.acquire(settings.getColdStartTimeout(), avoid);
      } catch (Unavailable e) {
        return problem(
            request, response, 503, "unavailable", e.getMessage(), e.retryAfterSeconds(), null);
      }
      try {
        HttpResponse<InputStream> answer;
        try {
          answer = http.send(replicaRequest(request, replica, target, body), ofInputStream());
        } catch (IOException e) {
          if (attempt == 1) {
            log.debug("{} did not answer ({}); trying another replica", replica, e.toString());
            avoid = replica;
            continue;
          }
          return problem(
              request,
              response,
              502,
              "bad-gateway",
              "The endpoint's replica did not answer: " + e.getMessage(),
              1,
              null);
        }
        copy(answer, response);
        return answer.statusCode();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return problem(request, response, 503, "unavailable", "interrupted", 1, null);
      } finally {
        endpoint.release(replica);
      }
    }
  }

  private static HttpResponse.BodyHandler<InputStream> ofInputStream() {
    return HttpResponse.BodyHandlers.ofInputStream();
  }

  private HttpRequest replicaRequest(
      HttpServletRequest request, Replica replica, String target, byte[] body) {
    HttpRequest.Builder builder =
        HttpRequest.newBuilder(URI.create(replica.baseUri() + target))
            .timeout(Duration.ofMinutes(5))
            .method(
                request.getMethod(),
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    for (String header : Collections.list(request.getHeaderNames())) {
      if (!NOT_FORWARDED.contains(header.toLowerCase(Locale.ROOT))) {
        for (String value : Collections.list(request.getHeaders(header))) {
          try {
            builder.header(header, value);
          } catch (IllegalArgumentException restricted) {
            log.debug("header {} is not forwarded: {}", header, restricted.getMessage());
          }
        }
      }
    }
    builder.header("X-Forwarded-For", request.getRemoteAddr());
    return builder.build();
  }

  private static void copy(HttpResponse<InputStream> answer, HttpServletResponse response)
      throws IOException {
    response.setStatus(answer.statusCode());
    answer
        .headers()
        .map()
        .forEach(
            (header, values) -> {
              String lower = header.toLowerCase(Locale.ROOT);
              if (!NOT_FORWARDED.contains(lower) && !lower.startsWith(":")) {
                values.forEach(value -> response.addHeader(header, value));
              }
            });
    answer.headers().firstValueAsLong("content-length").ifPresent(response::setContentLengthLong);
    try (InputStream in = answer.body()) {
      OutputStream out = response.getOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int read;
      while ((read = in.read(buffer)) >= 0) {
        out.write(buffer, 0, read);
        if (in.available() == 0) {
          out.flush(); // stream what has arrived instead of holding it for a full buffer
        }
      }
    }
  }

  /** The body, or null when it is larger than allowed. */
  private byte[] readBody(HttpServletRequest request) throws IOException {
    long limit = settings.getMaxRequestBytes();
    if (request.getContentLengthLong() > limit) {
      return null;
    }
    byte[] body = request.getInputStream().readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE));
    return body.length > limit ? null : body;
  }

  private int problem(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String type,
      String detail,
      long retryAfterSeconds,
      String challenge)
      throws IOException {
    if (response.isCommitted()) {
      return status;
    }
    response.reset();
    response.setStatus(status);
    response.setContentType("application/problem+json");
    if (retryAfterSeconds > 0) {
      response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    }
    if (challenge != null) {
      response.setHeader("WWW-Authenticate", challenge);
    }
    ObjectNode problem = json.createObjectNode();
    problem.put("type", "urn:millrace:problem:" + type);
    problem.put("title", title(status));
    problem.put("status", status);
    problem.put("detail", detail);
    problem.put("instance", request.getRequestURI());
    json.writeValue(response.getOutputStream(), problem);
    return status;
  }

  private static String title(int status) {
    return switch (status) {
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 413 -> "Content Too Large";
      case 429 -> "Too Many Requests";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      default -> "Error";
    };
  }
}
