package dev.millrace.runtime.serving;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Serves one model over the Open Inference Protocol v2 REST API (KServe / Triton): health, server
 * and model metadata, infer; plus Prometheus metrics at {@code /metrics}. Ready only after a
 * warm-up prediction; bounded concurrency answers 503 with Retry-After; {@link #close()} drains
 * requests in flight before it stops.
 */
public final class ModelServer implements AutoCloseable {

  private final ModelArtifact artifact;
  private final ServerOptions options;
  private final ModelPredictor predictor;
  private final HttpServer http;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Semaphore admission;
  private final ServerMetrics metrics;
  private final DynamicBatcher batcher;
  private final ModelMetadata metadata;
  private volatile boolean ready;
  private volatile boolean stopping;

  private ModelServer(ModelArtifact artifact, ServerOptions options) throws IOException {
    this.artifact = artifact;
    this.options = options;
    this.predictor = artifact.newPredictor("auto");
    this.admission = new Semaphore(options.maxInFlight());
    this.metrics = new ServerMetrics(options.modelName(), inFlight, () -> ready);
    this.metadata = new ModelMetadata(options.modelName(), artifact);
    this.batcher =
        new DynamicBatcher(
            predictor,
            options.maxBatchRows(),
            options.maxBatchDelay().toNanos(),
            options.batchWorkers(),
            inFlight,
            metrics::batch);
    this.http = HttpServer.create(new InetSocketAddress(options.host(), options.port()), 1024);
    http.setExecutor(executor);
    http.createContext("/", this::route);
    http.start();
  }

  /** Loads the artifact, starts listening, warms up, then reports ready. */
  public static ModelServer start(ModelArtifact artifact, ServerOptions options) {
    try {
      ModelServer server = new ModelServer(artifact, options);
      server.warmUp();
      return server;
    } catch (IOException e) {
      throw new ModelRuntimeException(
          "cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage(), e);
    }
  }

  private void warmUp() {
    int width = artifact.preprocessing().width();
    for (int rows : new int[] {1, Math.min(8, options.maxBatchRows()), options.maxBatchRows()}) {
      predictor.predictEncoded(new float[rows * width], rows);
    }
    ready = true;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  public URI baseUri() {
    return URI.create("http://" + options.host() + ":" + port());
  }

  public boolean ready() {
    return ready && !stopping;
  }

  public String modelName() {
    return options.modelName();
  }

  private void route(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      String models = "/v2/models/" + options.modelName();
      if (path.equals(models + "/infer") || path.equals(models + "/versions/1/infer")) {
        if (!method.equals("POST")) {
          send(exchange, 405, error("use POST for infer"));
          return;
        }
        infer(exchange);
      } else if (path.equals("/v2/health/live")) {
        send(exchange, stopping ? 503 : 200, "{\"live\":" + !stopping + "}");
      } else if (path.equals("/v2/health/ready") || path.equals(models + "/ready")) {
        send(exchange, ready() ? 200 : 503, "{\"ready\":" + ready() + "}");
      } else if (path.equals(models) || path.equals(models + "/versions/1")) {
        send(exchange, 200, metadata.json());
      } else if (path.equals("/v2")) {
        send(exchange, 200, ModelMetadata.SERVER);
      } else if (path.equals("/metrics")) {
        byte[] body = metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange
            .getResponseHeaders()
            .set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
      } else if (path.startsWith("/v2/models/")) {
        send(
            exchange,
            404,
            error("unknown model; this server serves '" + options.modelName() + "'"));
      } else {
        send(exchange, 404, error("not found: " + path));
      }
    }
  }

  private void infer(HttpExchange exchange) throws IOException {
    long start = System.nanoTime();
    if (!ready()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 503, error(stopping ? "server is shutting down" : "model is warming up"));
      metrics.request("503", -1);
      return;
    }
    if (!admission.tryAcquire()) {
      exchange.getResponseHeaders().set("Retry-After", "1");
      send(exchange, 503, error("too many requests in flight (" + options.maxInFlight() + ")"));
      metrics.request("503", -1);
      return;
    }
    inFlight.incrementAndGet();
    String status = "200";
    try {
      JsonNode body;
      try (InputStream in = exchange.getRequestBody()) {
        body = Json.MAPPER.readTree(in);
      } catch (IOException e) {
        throw new BadRequestException(
            "request body is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
      }
      InferenceInput input =
          InferenceInput.parse(body, artifact.preprocessing(), options.modelName());
      float[] outputs =
          input.rows == 0 ? new float[0] : batcher.submit(input.encoded, input.rows).get();
      send(exchange, 200, InferenceOutput.render(options.modelName(), input, outputs, predictor));
    } catch (BadRequestException e) {
      status = "400";
      send(exchange, 400, error(e.getMessage()));
    } catch (ExecutionException | RuntimeException e) {
      status = "500";
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      send(exchange, 500, error("inference failed: " + cause));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      status = "500";
      send(exchange, 500, error("interrupted"));
    } finally {
      inFlight.decrementAndGet();
      admission.release();
      metrics.request(status, System.nanoTime() - start);
    }
  }

  static String error(String message) {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("error", message);
    return node.toString();
  }

  private static void send(HttpExchange exchange, int status, String json) throws IOException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /**
   * Graceful stop: not ready at once (new infer calls get 503), requests in flight finish within
   * the grace period, then the listener, batcher and model close.
   */
  @Override
  public void close() {
    stopping = true;
    long deadline = System.nanoTime() + options.shutdownGrace().toNanos();
    while (inFlight.get() > 0 && System.nanoTime() < deadline) {
      Thread.onSpinWait();
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop(0);
    batcher.close();
    executor.close();
    predictor.close();
  }
}
