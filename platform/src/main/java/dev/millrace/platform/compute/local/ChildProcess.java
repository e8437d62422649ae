package dev.millrace.platform.compute.local;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way Millrace runs a child process: started with arguments and environment, stdout read
 * line by line into a consumer, stderr kept as a bounded tail (for one-line error messages) and
 * optionally appended to a log file, stopped gracefully (SIGTERM, then SIGKILL after a grace
 * period).
 *
 * <p>{@link #exit()} completes only after stdout has been read to its end, so a consumer has seen
 * every line before anyone reacts to the exit (unless a grandchild holds the pipe open: then after
 * five seconds).
 */
public final class ChildProcess implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);
  private static final int STDERR_TAIL_LINES = 40;
  private static final int MAX_LINE_CHARS = 4_000;

  /**
   * What to start.
   *
   * @param name for logs and thread names
   * @param environment added to (and overriding) the platform's own environment
   * @param workingDir null: the platform's
   * @param stderrLog null: stderr is kept only as a tail in memory
   */
  public record Spec(
      String name,
      List<String> command,
      Map<String, String> environment,
      Path workingDir,
      Path stderrLog) {

    public Spec {
      command = List.copyOf(command);
      environment = Map.copyOf(environment);
    }

    public static Spec of(String name, List<String> command) {
      return new Spec(name, command, Map.of(), null, null);
    }

    public Spec withEnvironment(Map<String, String> more) {
      Map<String, String> all = new LinkedHashMap<>(environment);
      all.putAll(more);
      return new Spec(name, command, all, workingDir, stderrLog);
    }

    public Spec withStderrLog(Path file) {
      return new Spec(name, command, environment, workingDir, file);
    }
  }

  private final Spec spec;
  private final Process process;
  private final OutputStream stdin;
  private final Deque<String> stderrTail = new ArrayDeque<>();
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();
  private final long startedNanos = System.nanoTime();

  private ChildProcess(Spec spec, Process process) {
    this.spec = spec;
    this.process = process;
    this.stdin = process.getOutputStream();
  }

  /**
   * Starts the process; {@code stdoutLines} receives each line of its stdout on a reader thread (an
   * exception it throws is logged and the reading goes on, so the child never blocks on a full
   * pipe).
   *
   * @throws UncheckedIOException when the command cannot be started
   */
  public static ChildProcess start(Spec spec, Consumer<String> stdoutLines) {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    builder.environment().putAll(spec.environment());
    if (spec.workingDir() != null) {
      builder.directory(spec.workingDir().toFile());
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + spec.name() + ": " + e.getMessage(), e);
    }
    ChildProcess child = new ChildProcess(spec, process);
    Thread stdout =
        Thread.ofVirtual().name(spec.name() + "-stdout").start(() -> child.readStdout(stdoutLines));
    Thread stderr = Thread.ofVirtual().name(spec.name() + "-stderr").start(child::readStderr);
    process
        .onExit()
        .whenComplete(
            (p, error) -> {
              try {
                // Bounded: a grandchild that inherited the pipe would keep it open for ever.
                if (!stdout.join(Duration.ofSeconds(5))) {
                  log.warn("{}: exited, but something still holds its stdout", spec.name());
                }
                stderr.join(Duration.ofSeconds(1));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              child.exit.complete(process.exitValue());
            });
    return child;
  }

  private void readStdout(Consumer<String> lines) {
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        try {
          lines.accept(line);
        } catch (RuntimeException e) {
          log.warn("{}: a stdout line could not be handled: {}", spec.name(), line, e);
        }
      }
    } catch (IOException e) {
      log.debug("{}: stdout closed: {}", spec.name(), e.getMessage());
    }
  }

  private void readStderr() {
    Writer file = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
      if (spec.stderrLog() != null) {
        Files.createDirectories(spec.stderrLog().toAbsolutePath().getParent());
        file =
            Files.newBufferedWriter(
                spec.stderrLog(),
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        synchronized (stderrTail) {
          stderrTail.addLast(
              line.length() > MAX_LINE_CHARS ? line.substring(0, MAX_LINE_CHARS) : line);
          if (stderrTail.size() > STDERR_TAIL_LINES) {
            stderrTail.removeFirst();
          }
        }
        if (file != null) {
          file.write(line);
          file.write('\n');
          file.flush();
        }
      }
    } catch (IOException e) {
      log.debug("{}: stderr closed: {}", spec.name(), e.getMessage());
    } finally {
      if (file != null) {
        try {
          file.close();
        } catch (IOException e) {
          log.debug("{}: stderr log: {}", spec.name(), e.getMessage());
        }
      }
    }
  }

  public String name() {
    return spec.name();
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The exit code, once the process ended and its stdout was read to the end. */
  public CompletableFuture<Integer> exit() {
    return exit;
  }

  public Duration uptime() {
    return Duration.ofNanos(System.nanoTime() - startedNanos);
  }

  /**
   * CPU time the process used so far (user + system). On Linux the JDK reads it from {@code
   * /proc/<pid>/stat}; empty once the process is gone or where the OS does not tell.
   */
  public Optional<Duration> cpuTime() {
    return process.toHandle().info().totalCpuDuration();
  }

  /** Writes one line to the child's stdin; false when stdin is closed (the child ended). */
  public boolean send(String line) {
    try {
      synchronized (stdin) {
        stdin.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        stdin.flush();
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  public void closeStdin() {
    try {
      synchronized (stdin) {
        stdin.close();
      }
    } catch (IOException e) {
      log.debug("{}: closing stdin: {}", spec.name(), e.getMessage());
    }
  }

  public List<String> stderrTail() {
    synchronized (stderrTail) {
      return new ArrayList<>(stderrTail);
    }
  }

  /**
   * The child's own one-line reason: the last {@code error: ...} line of stderr (the model
   * runtime's convention), else the last stderr line, else empty.
   */
  public Optional<String> errorLine() {
    List<String> tail = stderrTail();
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (tail.get(i).startsWith("error: ")) {
        return Optional.of(tail.get(i).substring("error: ".length()).strip());
      }
    }
    for (int i = tail.size() - 1; i >= 0; i--) {
      if (!tail.get(i).isBlank()) {
        return Optional.of(tail.get(i).strip());
      }
    }
    return Optional.empty();
  }

  /** Asks the process to stop (SIGTERM) without waiting. */
  public void terminate() {
    // ProcessHandle.destroy, not Process.destroy: the latter also closes our ends of the pipes,
    // and the child's last lines (a final event, its error line) would be lost.
    process.toHandle().destroy();
  }

  /**
   * SIGTERM, then SIGKILL if it has not exited within {@code grace}; waits for the exit.
   *
   * @return the exit code
   */
  public int stop(Duration grace) {
    if (process.isAlive()) {
      terminate();
    }
    return awaitOrKill(grace);
  }

  /**
   * Waits up to {@code grace} for the process to exit by itself (after a request on stdin, say),
   * then kills it.
   */
  public int awaitOrKill(Duration grace) {
    try {
      return exit.get(grace.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      log.warn("{} (pid {}) did not stop within {}; killing it", spec.name(), pid(), grace);
      return kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return kill();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SIGKILL, to its descendants too; waits for the exit. */
  public int kill() {
    process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
    process.toHandle().destroyForcibly();
    try {
      return exit.get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(spec.name() + " (pid " + pid() + ") survived SIGKILL", e);
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  @Override
  public String toString() {
    return spec.name() + " (pid " + pid() + ")";
  }
}
