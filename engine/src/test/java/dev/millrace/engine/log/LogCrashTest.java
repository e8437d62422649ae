package dev.millrace.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a writer process at random moments (while it appends, rolls segments, deletes old ones
 * or is still recovering) and checks after each kill that every position it reported committed is
 * stored intact, and that the log takes appends again.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class LogCrashTest {

  private static final int ROUNDS = 12;

  @TempDir Path dir;

  @Test
  void aKilledWriterLosesNoCommittedEntry() throws Exception {
    long seed = System.nanoTime();
    System.out.println("LogCrashTest seed " + seed);
    Random random = new Random(seed);
    Path logDir = dir.resolve("log");
    long acknowledged = 0; // highest position ever reported committed, by a child or by this test
    int roundsWithCommits = 0;

    for (int round = 1; round <= ROUNDS; round++) {
      // Output goes to files: a pipe read by a thread can lose its last bytes when the process
      // dies ("Stream closed" as the JDK drains it), and every line matters here.
      Output stdout = new Output(dir.resolve("round-" + round + ".out"));
      Output stderr = new Output(dir.resolve("round-" + round + ".err"));
      Process child = startWriter(logDir, stdout.file(), stderr.file());
      long started = System.nanoTime();
      if (round % 4 == 0) {
        // Early: often during JVM start or the child's own recovery.
        Thread.sleep(random.nextInt(700));
      } else {
        stdout.awaitLineStartingWith("C ", 20_000);
        Thread.sleep(random.nextInt(400));
      }
      child.destroyForcibly(); // SIGKILL on Linux
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
      long killedAfterMs = (System.nanoTime() - started) / 1_000_000;

      long reported = 0;
      int deletes = 0;
      for (String line : stdout.completeLines()) {
        if (line.startsWith("C ")) {
          reported = Math.max(reported, Long.parseLong(line.substring(2)));
        } else if (line.startsWith("D ")) {
          deletes++;
        }
      }
      if (reported > 0) {
        roundsWithCommits++;
      }
      acknowledged = Math.max(acknowledged, reported);

      try (SegmentedLog log = SegmentedLog.open(logDir, CrashingWriter.config())) {
        RecoveryReport report = log.recoveryReport();
        System.out.printf(
            "round %d: killed after %d ms; child reported commits up to %d (%d deletes); recovered %d..%d in"
                + " %d segments; torn tail %s%n",
            round,
            killedAfterMs,
            reported,
            deletes,
            log.firstPosition(),
            log.lastAppendedPosition(),
            report.segments(),
            report
                .tornTail()
                .map(t -> t.discardedBytes() + " bytes at " + t.offset())
                .orElse("none"));
        assertThat(log.lastAppendedPosition())
            .as("every reported commit survives (child stderr: %s)", stderr.text())
            .isGreaterThanOrEqualTo(acknowledged);
        // Only segments wholly below (a reported commit - KEEP) were ever deleted.
        assertThat(log.firstPosition())
            .isLessThanOrEqualTo(Math.max(1, acknowledged - CrashingWriter.KEEP));
        List<LogEntry> entries = TestEntries.readAll(log, 0, CrashingWriter.MAX_SIZE);
        assertThat(entries.getFirst().firstPosition()).isEqualTo(log.firstPosition());
        assertThat(entries.getLast().lastPosition()).isEqualTo(log.lastAppendedPosition());

        long last = TestEntries.append(log, 10, CrashingWriter.MAX_SIZE);
        log.awaitCommit(last).get(10, TimeUnit.SECONDS);
        acknowledged = last;
      }
    }
    assertThat(roundsWithCommits)
        .as("rounds in which the child committed something")
        .isGreaterThanOrEqualTo(ROUNDS / 2);
  }

  private static Process startWriter(Path logDir, Path stdout, Path stderr) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            classpath,
            CrashingWriter.class.getName(),
            logDir.toString())
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /** A child's output file. */
  private record Output(Path file) {

    String text() {
      try {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void awaitLineStartingWith(String prefix, long timeoutMs) throws InterruptedException {
      long deadline = System.currentTimeMillis() + timeoutMs;
      while (System.currentTimeMillis() < deadline
          && !text().contains("\n" + prefix)
          && !text().startsWith(prefix)) {
        Thread.sleep(5);
      }
    }

    /** Lines ended by a newline; a line cut short by the kill is dropped. */
    List<String> completeLines() {
      List<String> lines = new ArrayList<>(List.of(text().split("\n", -1)));
      lines.removeLast(); // empty after a final newline, or the unfinished line
      return lines;
    }
  }
}
