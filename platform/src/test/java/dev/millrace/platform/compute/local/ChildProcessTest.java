package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one way to run a child process, on small shell scripts. */
class ChildProcessTest {

  @TempDir Path dir;

  private static ChildProcess.Spec sh(String script) {
    return ChildProcess.Spec.of("sh-test", List.of("/bin/sh", "-c", script));
  }

  @Test
  void everyStdoutLineReachesTheConsumerBeforeTheExitIsKnown() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess child =
        ChildProcess.start(
            sh("for i in $(seq 1 500); do echo line-$i; done; echo \"$GREETING\"; exit 3")
                .withEnvironment(Map.of("GREETING", "hello from the environment")),
            lines::add);
    assertThat(child.pid()).isPositive();
    assertThat(child.exit().get(30, TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(lines).hasSize(501);
    assertThat(lines.get(0)).isEqualTo("line-1");
    assertThat(lines.get(500)).isEqualTo("hello from the environment");
  }

  @Test
  void stderrKeepsABoundedTailAndTheErrorLineAndGoesToTheLogFile() throws Exception {
    Path log = dir.resolve("logs/child.log");
    ChildProcess child =
        ChildProcess.start(
            sh("for i in $(seq 1 100); do echo noise-$i >&2; done;"
                    + " echo 'error: line 3, column 4: bad' >&2; echo trailing >&2; exit 1")
                .withStderrLog(log),
            line -> {});
    assertThat(child.exit().get(30, TimeUnit.SECONDS)).isEqualTo(1);
    await().atMost(Duration.ofSeconds(10)).until(() -> child.stderrTail().contains("trailing"));
    assertThat(child.stderrTail()).hasSizeLessThanOrEqualTo(40).doesNotContain("noise-1");
    assertThat(child.errorLine()).hasValue("line 3, column 4: bad");
    assertThat(log).content().contains("noise-1").contains("error: line 3");
  }

  @Test
  void errorLineFallsBackToTheLastStderrLine() throws Exception {
    ChildProcess child = ChildProcess.start(sh("echo 'boom' >&2; exit 2"), line -> {});
    child.exit().get(30, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(10)).until(() -> child.errorLine().isPresent());
    assertThat(child.errorLine()).hasValue("boom");
  }

  @Test
  void stdinLinesReachTheChildAndClosingItEndsAReader() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess child =
        ChildProcess.start(sh("while read l; do echo \"got $l\"; done; echo eof"), lines::add);
    assertThat(child.send("one")).isTrue();
    assertThat(child.send("two")).isTrue();
    child.closeStdin();
    assertThat(child.exit().get(30, TimeUnit.SECONDS)).isZero();
    assertThat(lines).containsExactly("got one", "got two", "eof");
    assertThat(child.send("late")).isFalse();
  }

  @Test
  void stopAsksWithSigtermThenKillsWhatIgnoresIt() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess polite =
        ChildProcess.start(
            sh("trap 'echo terminated; exit 0' TERM; echo up; while true; do sleep 0.1; done"),
            lines::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("up"));
    assertThat(polite.stop(Duration.ofSeconds(10))).isZero();
    assertThat(lines).contains("terminated");

    List<String> stubborn = new CopyOnWriteArrayList<>();
    ChildProcess deaf =
        ChildProcess.start(
            sh("trap '' TERM; echo up; while true; do sleep 0.1; done"), stubborn::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> stubborn.contains("up"));
    long started = System.nanoTime();
    int code = deaf.stop(Duration.ofMillis(500));
    assertThat(code).isEqualTo(137); // SIGKILL
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    assertThat(deaf.isAlive()).isFalse();
  }

  @Test
  void aGrandchildHoldingStdoutDelaysTheExitOnlyBriefly() throws Exception {
    ChildProcess child = ChildProcess.start(sh("sleep 7 & echo started"), line -> {});
    long started = System.nanoTime();
    assertThat(child.exit().get(30, TimeUnit.SECONDS)).isZero();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
    child.pid(); // the shell is gone; its sleep is reaped by init, not ours to kill
  }

  @Test
  void cpuTimeIsReadWhileItRuns() {
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess busy =
        ChildProcess.start(
            sh("echo up; i=0; while [ $i -lt 2000000 ]; do i=$((i+1)); done"), lines::add);
    await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("up"));
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> busy.cpuTime().map(cpu -> cpu.toMillis() > 50).orElse(!busy.isAlive()));
    busy.kill();
  }

  @Test
  void aCommandThatCannotStartSaysWhich() {
    assertThatThrownBy(
            () ->
                ChildProcess.start(
                    ChildProcess.Spec.of("missing", List.of("/no/such/binary")), l -> {}))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot start missing");
  }
}
