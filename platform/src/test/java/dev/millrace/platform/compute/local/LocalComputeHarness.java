package dev.millrace.platform.compute.local;

import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;

/**
 * A local compute backend on a data directory, with its router on a bare embedded Tomcat (no Spring
 * context), test API keys, and an HTTP client to call endpoints with.
 */
final class LocalComputeHarness implements AutoCloseable {

  static {
    // The bare Tomcat logs through java.util.logging: keep its start/stop lines out of the output.
    java.util.logging.Logger.getLogger("org.apache").setLevel(java.util.logging.Level.WARNING);
  }

  /** API keys the test verifier knows: secret → holder. */
  final Map<String, ApiKeyVerifier.KeyHolder> keys = new ConcurrentHashMap<>();

  final RecordingObserver observer = new RecordingObserver();
  final List<EndpointStatus> endpointEvents = new CopyOnWriteArrayList<>();
  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final LocalComputeBackend backend;
  final Path dataDir;
  final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final WebServer server;

  LocalComputeHarness(Path dataDir, LocalComputeProperties settings) {
    this.dataDir = dataDir;
    AtomicReference<String> base = new AtomicReference<>("http://127.0.0.1:0");
    backend =
        new LocalComputeBackend(
            settings,
            dataDir,
            observer,
            endpointEvents::add,
            presented -> Optional.ofNullable(keys.get(presented)),
            RuntimeFixture.JSON,
            registry,
            Clock.systemUTC(),
            base::get);
    EndpointRouter router = backend.router();
    HttpServlet servlet =
        new HttpServlet() {
          @Override
          protected void service(HttpServletRequest request, HttpServletResponse response)
              throws IOException {
            router.handle(request, response);
          }
        };
    server =
        new TomcatServletWebServerFactory(0)
            .getWebServer(context -> context.addServlet("router", servlet).addMapping("/*"));
    server.start();
    base.set("http://127.0.0.1:" + server.getPort());
  }

  LocalComputeHarness(Path dataDir) {
    this(dataDir, RuntimeFixture.settings());
  }

  static EndpointSpec spec(
      String id,
      String name,
      Path artifact,
      String visibility,
      String policy,
      double target,
      int min,
      int max) {
    return new EndpointSpec(
        id,
        "tenant-a",
        name,
        artifact,
        visibility,
        "cpu",
        "small",
        "small",
        policy,
        target,
        min,
        max);
  }

  URI url(String endpoint, String path) {
    return URI.create(
        backend.endpointStatus(endpoint).orElseThrow().url()
            + (path.startsWith("/") ? "" : "/")
            + path);
  }

  URI raw(String path) {
    return URI.create("http://127.0.0.1:" + server.getPort() + path);
  }

  static String irisRow() {
    return """
        {"inputs":[
          {"name":"sepal_length","shape":[1],"datatype":"FP32","data":[5.1]},
          {"name":"sepal_width","shape":[1],"datatype":"FP32","data":[3.5]},
          {"name":"petal_length","shape":[1],"datatype":"FP32","data":[1.4]},
          {"name":"petal_width","shape":[1],"datatype":"FP32","data":[0.2]}]}
        """;
  }

  /** POST .../v2/models/{name}/infer with one iris row, with an Authorization header or none. */
  HttpResponse<String> infer(String endpointId, String authorization) {
    String name = backend.endpointStatus(endpointId).orElseThrow().url().replaceAll(".*/", "");
    HttpRequest.Builder request =
        HttpRequest.newBuilder(url(endpointId, "v2/models/" + name + "/infer"))
            .timeout(Duration.ofSeconds(90))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(irisRow()));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return send(request.build());
  }

  HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  String token() {
    return backend.serviceToken().authorization();
  }

  @Override
  public void close() {
    try {
      backend.close();
    } finally {
      server.stop();
      http.close();
    }
  }
}
