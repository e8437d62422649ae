package dev.millrace.platform.compute.local;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One endpoint's Micrometer meters, tagged {@code endpoint=<name>}: {@code
 * millrace.endpoint.requests} (a timer: count and latency histogram per {@code status}), {@code
 * millrace.endpoint.in.flight} and {@code millrace.endpoint.replicas} ({@code
 * state=desired|ready}). Prometheus names: {@code
 * millrace_endpoint_requests_seconds_count/_bucket}, {@code millrace_endpoint_in_flight}, {@code
 * millrace_endpoint_replicas}.
 */
final class EndpointMetrics {

  private final MeterRegistry registry;
  private final String endpoint;
  private final Map<Integer, Timer> timers = new ConcurrentHashMap<>();
  private final List<Meter> gauges;

  EndpointMetrics(
      MeterRegistry registry,
      String endpoint,
      Supplier<Number> inFlight,
      Supplier<Number> desired,
      Supplier<Number> ready) {
    this.registry = registry;
    this.endpoint = endpoint;
    this.gauges =
        List.of(
            Gauge.builder("millrace.endpoint.in.flight", inFlight)
                .tag("endpoint", endpoint)
                .description("Requests the router is handling for the endpoint")
                .register(registry),
            Gauge.builder("millrace.endpoint.replicas", desired)
                .tags("endpoint", endpoint, "state", "desired")
                .description("Replicas of the endpoint")
                .register(registry),
            Gauge.builder("millrace.endpoint.replicas", ready)
                .tags("endpoint", endpoint, "state", "ready")
                .description("Replicas of the endpoint")
                .register(registry));
  }

  void record(int status, Duration latency) {
    timers
        .computeIfAbsent(
            status,
            code ->
                Timer.builder("millrace.endpoint.requests")
                    .tags("endpoint", endpoint, "status", Integer.toString(code))
                    .description("Requests to the endpoint through the router, by status")
                    .publishPercentileHistogram()
                    .register(registry))
        .record(latency);
  }

  void remove() {
    gauges.forEach(registry::remove);
    timers.values().forEach(registry::remove);
  }
}
