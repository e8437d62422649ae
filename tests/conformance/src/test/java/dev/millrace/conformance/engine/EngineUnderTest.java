package dev.millrace.conformance.engine;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;

/**
 * One engine that the conformance suites run against: a running server that speaks the Zeebe gRPC
 * gateway API, plus the two things a client alone cannot do: move the engine's clock and observe
 * state the gRPC API has no query for.
 *
 * <p>An instance is started once per engine runner (see {@code EngineLauncher}) and shared by every
 * suite of that runner; scenarios keep out of each other's way by using unique process ids, job
 * types, message and signal names.
 */
public interface EngineUnderTest extends AutoCloseable {

  /** A short name for reports, e.g. "camunda-8.8.14" or "millrace". */
  String name();

  /** The gRPC gateway address as {@code http://host:port} (plaintext). */
  URI grpcAddress();

  /**
   * A client that talks gRPC only. The suites close the clients they create; the default suits any
   * engine whose gateway is plaintext gRPC.
   */
  default CamundaClient newClient() {
    return CamundaClient.newClientBuilder()
        .grpcAddress(grpcAddress())
        .preferRestOverGrpc(false)
        .defaultRequestTimeout(Duration.ofSeconds(20))
        .build();
  }

  /**
   * Moves the engine's clock forward. Timers, job timeouts, retry back-offs and message TTLs that
   * fall due fire as they would after that much real time; the call may return before they have
   * fired (suites await the outcome).
   */
  void increaseTime(Duration duration);

  /** How the suites observe what the gateway API cannot answer. */
  ProcessInspector inspector();

  /** Stops the engine and releases everything it holds. */
  @Override
  void close();
}
