package dev.millrace.tests.durability;

import dev.millrace.engine.MillraceEngine;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The engine as a child process with a small snapshot interval, which the standalone jar does not
 * expose (it snapshots every 500,000 records or 5 minutes). Args: {@code <port> <data dir>
 * <snapshot every N records>}. Prints the same "ready" line as the jar's Main.
 */
public final class SnapshottingEngine {

  private SnapshottingEngine() {}

  public static void main(String[] args) throws InterruptedException {
    var engine =
        MillraceEngine.builder()
            .grpcPort(Integer.parseInt(args[0]))
            .dataDirectory(Path.of(args[1]))
            // Only the record count may trigger a snapshot during the test, never the clock.
            .snapshotEvery(Long.parseLong(args[2]), Duration.ofHours(1))
            .build()
            .start();
    System.out.println(
        "Millrace engine " + MillraceEngine.VERSION + " ready: gRPC " + engine.grpcAddress());
    new CountDownLatch(1).await();
  }
}
