package dev.millrace.tests.durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One engine incarnation in a child JVM: the standalone jar, or a main class from the test class
 * path. Its output goes to a file, so whatever it printed before a SIGKILL stays readable.
 */
final class EngineProcess {

  private static final Pattern RECOVERED =
      Pattern.compile(
          "Recovered engine state: snapshot at position (\\d+), (\\d+) records replayed up to"
              + " position (\\d+) in (\\d+) ms");

  /** What the engine reported about its recovery on start. */
  record Recovery(long snapshotPosition, long replayed, long lastPosition, long millis) {}

  /** Engines this JVM started; a shutdown hook kills any still alive, so none outlives a run. */
  private static final java.util.Set<Process> STARTED =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> STARTED.forEach(Process::destroyForcibly), "engine-process-reaper"));
  }

  private final Process process;
  private final Path output;

  private EngineProcess(Process process, Path output) {
    this.process = process;
    this.output = output;
  }

  /** {@code java -jar millrace-engine.jar --port=<port> --data-dir=<dir>}, as a user runs it. */
  static EngineProcess startJar(int port, Path dataDir, Path output, String... moreOptions) {
    String jar = System.getProperty("millrace.engine.jar");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException(
          "the standalone engine jar is missing (system property millrace.engine.jar = "
              + jar
              + "); build the engine module first");
    }
    var arguments =
        new ArrayList<>(
            List.of("-jar", jar, "--port=" + port, "--data-dir=" + dataDir.toAbsolutePath()));
    arguments.addAll(List.of(moreOptions));
    return start(arguments, output);
  }

  /** A main class of this module's test class path, started the same way. */
  static EngineProcess startMain(Class<?> main, List<String> args, Path output) {
    var command = new ArrayList<String>();
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    // The test JVM logs warnings only; the child must show the engine's recovery line.
    command.add("-Dorg.slf4j.simpleLogger.log.dev.millrace=info");
    command.add(main.getName());
    command.addAll(args);
    return start(command, output);
  }

  private static EngineProcess start(List<String> arguments, Path output) {
    var command = new ArrayList<String>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-XX:+UseSerialGC");
    command.addAll(arguments);
    try {
      Files.createDirectories(output.getParent());
      var process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      STARTED.add(process);
      process.onExit().thenRun(() -> STARTED.remove(process));
      return new EngineProcess(process, output);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  /** Waits for the engine's "ready" line; fails with its output if it exits or takes too long. */
  EngineProcess awaitReady(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      String text = output();
      if (text.contains(" ready: gRPC ")) {
        return this;
      }
      if (!process.isAlive()) {
        throw new IllegalStateException(
            "the engine exited with " + process.exitValue() + " before it was ready:\n" + text);
      }
      sleep(50);
    }
    throw new IllegalStateException(
        "the engine was not ready within " + timeout + ":\n" + output());
  }

  /** SIGKILL (on Linux {@code destroyForcibly} sends SIGKILL), then waits until it is gone. */
  void kill() {
    process.destroyForcibly();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the engine did not die within 30 s of SIGKILL");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String output() {
    try {
      return Files.readString(output, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  Path outputFile() {
    return output;
  }

  Optional<Recovery> recovery() {
    var m = RECOVERED.matcher(output());
    if (!m.find()) {
      return Optional.empty();
    }
    return Optional.of(
        new Recovery(
            Long.parseLong(m.group(1)),
            Long.parseLong(m.group(2)),
            Long.parseLong(m.group(3)),
            Long.parseLong(m.group(4))));
  }

  static int freePort() {
    try (var socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
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
}
