package dev.millrace.tests.durability;

import io.camunda.client.CamundaClient;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/** The real Camunda client, configured the one way every test here talks to the engine. */
final class EngineClients {

  private EngineClients() {}

  static CamundaClient connect(int port) {
    return CamundaClient.newClientBuilder()
        .preferRestOverGrpc(false)
        .grpcAddress(URI.create("http://127.0.0.1:" + port))
        // One attempt per command: a client-side retry of an unanswered creation could create a
        // second instance, and the crash ledger must know exactly what was sent.
        .useDefaultRetryPolicy(false)
        .numJobWorkerExecutionThreads(4)
        .defaultRequestTimeout(Duration.ofSeconds(10))
        .build();
  }

  /**
   * Closes within {@code limit} or gives up with a warning. camunda-client-java 8.8.14 can hang for
   * ever closing a streaming job worker whose stream went through an engine SIGKILL and restart
   * (its stream lock stays held by an idle executor thread); a test must not hang on it.
   */
  static void closeWithin(Duration limit, AutoCloseable closeable) {
    var closer =
        new Thread(
            () -> {
              try {
                closeable.close();
              } catch (Exception e) {
                System.out.println("[close] " + closeable + " failed to close: " + e);
              }
            },
            "bounded-close");
    closer.setDaemon(true);
    closer.start();
    try {
      closer.join(limit.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (closer.isAlive()) {
      System.out.println(
          "[close] WARNING: " + closeable + " did not close within " + limit + "; left behind");
    }
  }

  /** Waits until the client reaches a healthy engine (again); returns how long that took. */
  static long awaitServing(CamundaClient client) {
    long start = System.nanoTime();
    Awaitility.await()
        .atMost(Duration.ofSeconds(90))
        .pollInterval(Duration.ofMillis(50))
        .ignoreExceptions()
        .until(
            () ->
                client
                    .newTopologyRequest()
                    .send()
                    .join(2, TimeUnit.SECONDS)
                    .getBrokers()
                    .getFirst()
                    .getPartitions()
                    .getFirst()
                    .getHealth()
                    .name()
                    .equals("HEALTHY"));
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }
}
