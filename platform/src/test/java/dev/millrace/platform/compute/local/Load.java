package dev.millrace.platform.compute.local;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Traffic for autoscaling tests: {@code clients} virtual threads, each sending one request after
 * another (closed loop), pausing {@code pauseMillis} between requests; counts answers by status.
 */
final class Load implements AutoCloseable {

  final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final Thread[] clients;

  Load(int clients, long pauseMillis, Supplier<HttpResponse<String>> request) {
    this.clients = new Thread[clients];
    for (int i = 0; i < clients; i++) {
      this.clients[i] =
          Thread.ofVirtual()
              .name("load-" + i)
              .start(
                  () -> {
                    while (running.get()) {
                      int status;
                      try {
                        status = request.get().statusCode();
                      } catch (RuntimeException e) {
                        status = -1;
                      }
                      statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                      if (pauseMillis > 0) {
                        try {
                          Thread.sleep(pauseMillis);
                        } catch (InterruptedException e) {
                          return;
                        }
                      }
                    }
                  });
    }
  }

  long count(int status) {
    AtomicLong count = statuses.get(status);
    return count == null ? 0 : count.get();
  }

  long total() {
    return statuses.values().stream().mapToLong(AtomicLong::get).sum();
  }

  @Override
  public void close() {
    running.set(false);
    for (Thread client : clients) {
      try {
        client.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
