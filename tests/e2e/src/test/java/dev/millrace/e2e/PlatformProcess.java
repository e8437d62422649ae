package dev.millrace.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The platform as users run it: {@code java -jar platform/target/millrace-platform.jar} in its own
 * process, on a data directory that survives restarts, with its log in a file.
 */
final class PlatformProcess implements AutoCloseable {

  static final String ADMIN_KEY = "mr_e2e_admin_key_0123456789abcdef";

  private final Path dataDir;
  private final int httpPort;
  private final Path log;
  private final List<String> settings = new ArrayList<>();
  private Process process;
  private int starts;

  PlatformProcess(Path dataDir) {
    this.dataDir = dataDir;
    this.httpPort = freePort();
    this.log = dataDir.resolveSibling(dataDir.getFileName() + "-platform.log");
  }

  /** Adds {@code --name=value} settings to every start (e.g. shorter autoscaler windows). */
  PlatformProcess with(String... nameEqualsValue) {
    for (String setting : nameEqualsValue) {
      settings.add("--" + setting);
    }
    return this;
  }

  static Path property(String name) {
    String value = System.getProperty(name);
    if (value == null) {
      throw new IllegalStateException(
          "system property " + name + " is not set (run through Maven)");
    }
    return Path.of(value).toAbsolutePath().normalize();
  }

  URI base() {
    return URI.create("http://127.0.0.1:" + httpPort);
  }

  Path dataDir() {
    return dataDir;
  }

  Path log() {
    return log;
  }

  /** Starts the platform and waits for its health to answer UP. */
  PlatformProcess start() {
    Path jar = property("millrace.e2e.platform-jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException("no platform jar at " + jar + ": build with -am");
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx1500m");
    command.add("-jar");
    command.add(jar.toString());
    command.add("--server.port=" + httpPort);
    command.add("--millrace.data-dir=" + dataDir);
    command.add("--millrace.engine.grpc-port=0");
    command.add("--millrace.compute.local.runtime-jar=" + property("millrace.e2e.runtime-jar"));
    command.add("--millrace.compute.local.djl-cache-dir=" + property("millrace.e2e.djl-cache"));
    command.addAll(settings);
    var builder = new ProcessBuilder(command);
    builder.environment().put("MILLRACE_BOOTSTRAP_API_KEY", ADMIN_KEY);
    builder.environment().put("DJL_CACHE_DIR", property("millrace.e2e.djl-cache").toString());
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    Instant started = Instant.now();
    try {
      Files.createDirectories(dataDir);
      Files.writeString(
          log,
          "==== start " + (++starts) + " at " + started + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    awaitHealthy(Duration.ofMinutes(3));
    System.out.printf(
        "[e2e] platform up on %s in %d ms (pid %d, log %s)%n",
        base(), Duration.between(started, Instant.now()).toMillis(), process.pid(), log);
    return this;
  }

  private void awaitHealthy(Duration timeout) {
    var client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    var request =
        HttpRequest.newBuilder(base().resolve("/actuator/health"))
            .timeout(Duration.ofSeconds(5))
            .build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the platform exited with " + process.exitValue() + "; see " + log);
      }
      try {
        var response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200 && response.body().contains("\"UP\"")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(500);
    }
    throw new IllegalStateException(
        "the platform did not become healthy within " + timeout + "; see " + log);
  }

  /** SIGKILL: no shutdown hook runs, nothing is flushed beyond what the platform made durable. */
  void kill() {
    long pid = process.pid();
    var children = process.descendants().toList();
    process.destroyForcibly();
    try {
      process.waitFor(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    System.out.printf(
        "[e2e] platform (pid %d) killed with SIGKILL; %d child processes%n", pid, children.size());
  }

  /** The processes the platform started (trainings, model server replicas). */
  List<ProcessHandle> children() {
    return process == null ? List.of() : process.descendants().toList();
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      var children = process.descendants().toList();
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      children.forEach(ProcessHandle::destroyForcibly);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static int freePort() {
    try (var socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
