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
