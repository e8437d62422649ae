package dev.millrace.runtime.serving;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** The server's Prometheus metrics, exposed at {@code /metrics}. */
final class ServerMetrics {

  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Timer latency;
  private final DistributionSummary batchSizes;
  private final Map<String, Counter> requests = new ConcurrentHashMap<>();
  private final Counter ok;

  ServerMetrics(String model, AtomicInteger inFlight, BooleanSupplier ready) {
    latency =
        Timer.builder("millrace_inference_request_duration")
            .description("Time from reading an infer request to its response")
            .tag("model", model)
            .serviceLevelObjectives(
                Duration.ofNanos(250_000),
                Duration.ofNanos(500_000),
                Duration.ofMillis(1),
                Duration.ofMillis(2),
                Duration.ofMillis(5),
                Duration.ofMillis(10),
                Duration.ofMillis(25),
                Duration.ofMillis(50),
                Duration.ofMillis(100),
                Duration.ofMillis(250),
                Duration.ofSeconds(1))
            .register(registry);
    batchSizes =
        DistributionSummary.builder("millrace_inference_batch_rows")
            .description("Rows per model call after dynamic batching")
            .tag("model", model)
            .serviceLevelObjectives(1, 2, 4, 8, 16, 32, 64, 128, 256, 512)
            .register(registry);
    ok = counter("200");
    Gauge.builder("millrace_inference_in_flight", inFlight, AtomicInteger::get)
        .description("Infer requests admitted and not yet answered")
        .tag("model", model)
        .register(registry);
    Gauge.builder("millrace_model_ready", ready, r -> r.getAsBoolean() ? 1 : 0)
        .description("1 once the model is loaded and warmed up")
        .tag("model", model)
        .register(registry);
  }

  void request(int status, long nanos) {
    Counter counter = status == 200 ? ok : counter(Integer.toString(status));
    counter.increment();
    if (nanos >= 0) {
      latency.record(nanos, TimeUnit.NANOSECONDS);
    }
  }

  private Counter counter(String status) {
    return requests.computeIfAbsent(
        status,
        s ->
            Counter.builder("millrace_inference_requests")
                .description("Infer requests by HTTP status")
                .tag("status", s)
                .register(registry));
  }

  void batch(int rows) {
    batchSizes.record(rows);
  }

  String scrape() {
    return registry.scrape();
  }
}
