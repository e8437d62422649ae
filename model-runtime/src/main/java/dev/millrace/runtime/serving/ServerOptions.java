package dev.millrace.runtime.serving;

import java.time.Duration;

/**
 * How a model server runs.
 *
 * @param port 0 picks a free port
 * @param maxBatchRows rows per model call at most
 * @param maxBatchDelay how long the oldest request may wait for others to join its batch
 * @param maxInFlight requests admitted at once; more are answered 503 with Retry-After
 * @param batchWorkers threads running model calls; 0 runs them on the event loops, one call per
 *     loop round's requests
 * @param shutdownGrace how long a stop waits for requests in flight
 */
public record ServerOptions(
    String modelName,
    String host,
    int port,
    int maxBatchRows,
    Duration maxBatchDelay,
    int maxInFlight,
    int batchWorkers,
    Duration shutdownGrace) {

  public static ServerOptions defaults(String modelName, int port) {
    return new ServerOptions(
        modelName, "127.0.0.1", port, 64, Duration.ofMillis(2), 256, 1, Duration.ofSeconds(10));
  }

  public ServerOptions withHost(String newHost) {
    return new ServerOptions(
        modelName,
        newHost,
        port,
        maxBatchRows,
        maxBatchDelay,
        maxInFlight,
        batchWorkers,
        shutdownGrace);
  }

  public ServerOptions withBatching(int rows, Duration delay, int workers) {
    return new ServerOptions(
        modelName, host, port, rows, delay, maxInFlight, workers, shutdownGrace);
  }

  public ServerOptions withMaxInFlight(int requests) {
    return new ServerOptions(
        modelName, host, port, maxBatchRows, maxBatchDelay, requests, batchWorkers, shutdownGrace);
  }
}
