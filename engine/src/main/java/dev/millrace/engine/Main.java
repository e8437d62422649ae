package dev.millrace.engine;

import dev.millrace.engine.export.JsonLinesExporter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Standalone engine: {@code java -jar millrace-engine.jar --port=<grpc port> --data-dir=<dir>}
 * [--host=<interface>] [--export-jsonl=<file>] [--snapshot-every=<records>].
 */
public final class Main {

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    var builder = MillraceEngine.builder();
    Path dataDir = null;
    for (String arg : args) {
      int eq = arg.indexOf('=');
      String name = eq < 0 ? arg : arg.substring(0, eq);
      String value = eq < 0 ? "" : arg.substring(eq + 1);
      switch (name) {
        case "--port" -> builder.grpcPort(port(value));
        case "--data-dir" -> dataDir = Path.of(value);
        case "--host" -> builder.host(value);
        case "--export-jsonl" -> builder.exporter("jsonl", new JsonLinesExporter(Path.of(value)));
        case "--snapshot-every" ->
            builder.snapshotEvery(count(value), java.time.Duration.ofMinutes(5));
        case "--help", "-h" -> {
          usage();
          return;
        }
        default -> fail("unknown option '" + arg + "'");
      }
    }
    if (dataDir == null) {
      fail("--data-dir=<dir> is required");
    }
    var engine = builder.dataDirectory(dataDir).build();
    try {
      engine.start();
    } catch (RuntimeException e) {
      fail(e.getMessage());
    }
    var stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  engine.close();
                  stopped.countDown();
                },
                "millrace-shutdown"));
    System.out.println(
        "Millrace engine "
            + MillraceEngine.VERSION
            + " ready: gRPC "
            + engine.grpcAddress()
            + ", data "
            + dataDir.toAbsolutePath());
    stopped.await();
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port < 0 || port > 65535) {
        fail("--port must be 0-65535, got " + value);
      }
      return port;
    } catch (NumberFormatException e) {
      fail("--port must be a number, got '" + value + "'");
      return -1;
    }
  }

  private static long count(String value) {
    try {
      long n = Long.parseLong(value);
      if (n < 1) {
        fail("--snapshot-every must be at least 1, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      fail("--snapshot-every must be a number of records, got '" + value + "'");
      return -1;
    }
  }

  private static void usage() {
    System.out.println(
        "usage: java -jar millrace-engine.jar --port=<grpc port> --data-dir=<dir> [--host=<interface>]"
            + " [--export-jsonl=<file>] [--snapshot-every=<records>]");
  }

  private static void fail(String message) {
    System.err.println("millrace-engine: " + message);
    System.exit(2);
  }
}
