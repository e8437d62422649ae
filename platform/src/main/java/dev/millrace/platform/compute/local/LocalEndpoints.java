package dev.millrace.platform.compute.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.workers.compute.EndpointSpec;
import dev.millrace.workers.compute.EndpointStatus;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The endpoints of this platform, by id and by name (the router's key), and the autoscaler loop
 * that ticks each of them every {@code autoscale-interval}.
 */
final class LocalEndpoints implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(LocalEndpoints.class);

  private final LocalComputeProperties settings;
  private final ModelRuntimeLauncher runtime;
  private final HttpClient http;
  private final ObjectMapper json;
  private final Path dataDir;
  private final Clock clock;
  private final MeterRegistry registry;
  private final Supplier<String> routerBase;
  private final Consumer<EndpointStatus> listener;
  private final TokenBuckets rateLimits;
  private final Map<String, LocalEndpoint> byId = new ConcurrentHashMap<>();
  private final Map<String, LocalEndpoint> byName = new ConcurrentHashMap<>();
  private final ExecutorService background = Executors.newVirtualThreadPerTaskExecutor();
  private final ExecutorService notifications =
      Executors.newSingleThreadExecutor(
          Thread.ofPlatform().daemon().name("millrace-endpoint-events").factory());
  private final ScheduledExecutorService ticker =
      Executors.newSingleThreadScheduledExecutor(
          Thread.ofPlatform().daemon().name("millrace-autoscaler").factory());
  private volatile boolean closed;

  LocalEndpoints(
      LocalComputeProperties settings,
      ModelRuntimeLauncher runtime,
      HttpClient http,
      ObjectMapper json,
      Path dataDir,
      Clock clock,
      MeterRegistry registry,
      Supplier<String> routerBase,
      Consumer<EndpointStatus> listener,
      TokenBuckets rateLimits) {
    this.settings = settings;
    this.runtime = runtime;
    this.http = http;
    this.json = json;
    this.dataDir = dataDir;
    this.clock = clock;
    this.registry = registry;
    this.routerBase = routerBase;
    this.listener = listener;
    this.rateLimits = rateLimits;
    long interval = settings.getAutoscaleInterval().toMillis();
    ticker.scheduleWithFixedDelay(this::tick, interval, interval, TimeUnit.MILLISECONDS);
  }

  /**
   * Creates the endpoint or brings it to the new spec.
   *
   * @throws IllegalArgumentException when another endpoint already has the name
   */
  synchronized EndpointStatus apply(EndpointSpec spec) {
    if (closed) {
      throw new IllegalStateException("the local compute backend is shutting down");
    }
    LocalEndpoint named = byName.get(spec.name());
    if (named != null && !named.id().equals(spec.endpointId())) {
      throw new IllegalArgumentException(
          "name '" + spec.name() + "' is already used by endpoint " + named.id());
    }
    LocalEndpoint endpoint = byId.get(spec.endpointId());
    if (endpoint == null) {
      endpoint =
          new LocalEndpoint(
              spec,
              settings,
              runtime,
              http,
              json,
              dataDir.resolve("endpoints").resolve(spec.endpointId()),
              clock,
              background,
              registry,
              notifier(spec.endpointId()));
      byId.put(spec.endpointId(), endpoint);
      byName.put(spec.name(), endpoint);
      endpoint.start();
    } else {
      String oldName = endpoint.spec().name();
      endpoint.apply(spec);
      if (!oldName.equals(spec.name())) {
        byName.remove(oldName, endpoint);
        byName.put(spec.name(), endpoint);
      }
    }
    return status(endpoint);
  }

  /** Removes the endpoint; returns when its replicas have exited (or after a bounded wait). */
  void delete(String endpointId) {
    LocalEndpoint endpoint;
    synchronized (this) {
      endpoint = byId.remove(endpointId);
      if (endpoint == null) {
        return;
      }
      byName.remove(endpoint.spec().name(), endpoint);
    }
    await(List.of(endpoint.delete()));
  }

  Optional<EndpointStatus> status(String endpointId) {
    return Optional.ofNullable(byId.get(endpointId)).map(this::status);
  }

  Optional<LocalEndpoint> byName(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  List<String> ids() {
    return List.copyOf(byId.keySet());
  }

  Optional<LocalEndpoint> byId(String endpointId) {
    return Optional.ofNullable(byId.get(endpointId));
  }

  URI url(String name) {
    return URI.create(routerBase.get() + "/endpoints/" + name);
  }

  private EndpointStatus status(LocalEndpoint endpoint) {
    return endpoint.status(url(endpoint.spec().name()));
  }

  private Runnable notifier(String endpointId) {
    return () -> {
      if (!notifications.isShutdown()) {
        try {
          notifications.execute(
              () ->
                  byId(endpointId)
                      .map(this::status)
                      .ifPresent(
                          status -> {
                            try {
                              listener.accept(status);
                            } catch (RuntimeException e) {
                              log.warn("endpoint listener failed on {}", status, e);
                            }
                          }));
        } catch (java.util.concurrent.RejectedExecutionException e) {
          // shutting down: nobody listens any more
        }
      }
    };
  }

  private void tick() {
    for (LocalEndpoint endpoint : byId.values()) {
      try {
        endpoint.tick();
      } catch (RuntimeException e) {
        log.warn("autoscaler round of endpoint {} failed", endpoint.id(), e);
      }
    }
    rateLimits.forgetFull(System.nanoTime());
  }

  /** Drains every endpoint (platform shutdown): replicas finish their requests, then exit. */
  @Override
  public void close() {
    List<CompletableFuture<Void>> exits = new ArrayList<>();
    synchronized (this) {
      closed = true;
      ticker.shutdownNow();
      for (LocalEndpoint endpoint : byId.values()) {
        exits.add(endpoint.delete());
      }
      byId.clear();
      byName.clear();
    }
    await(exits);
    notifications.shutdown();
    background.shutdown();
  }

  private void await(List<CompletableFuture<Void>> exits) {
    // The drain grace, then SIGTERM's own grace, then SIGKILL: each replica is gone within it.
    Duration bound = settings.getDrainGrace().multipliedBy(2).plusSeconds(35);
    try {
      CompletableFuture.allOf(exits.toArray(CompletableFuture[]::new))
          .get(bound.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      log.warn("replicas still stopping after {}: {}", bound, e.toString());
    }
  }
}
