package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A platform killed with SIGKILL (no shutdown at all) leaves no child behind: its replicas and
 * trainings see their stdin close and stop by themselves, the training at a checkpoint.
 */
class PlatformCrashTest {

  @Test
  void childrenOfAKilledPlatformStopByThemselves() {
    Path dataDir = RuntimeFixture.newDirectory("crash");
    List<String> lines = new CopyOnWriteArrayList<>();
    ChildProcess platform =
        ChildProcess.start(
            ChildProcess.Spec.of(
                "crashing-platform",
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp",
                    System.getProperty("java.class.path"),
                    "-Dmillrace.compute.local.runtime-jar="
                        + RuntimeFixture.settings().getRuntimeJar().toAbsolutePath(),
                    "-Dmillrace.compute.local.djl-cache-dir="
                        + RuntimeFixture.settings().getDjlCacheDir().toAbsolutePath(),
                    "-Dmillrace.test.datasets=" + RuntimeFixture.dataset("iris.csv").getParent(),
                    CrashingPlatform.class.getName(),
                    dataDir.toString(),
                    RuntimeFixture.irisModel(1).toString())),
            lines::add);
    try {
      await()
          .atMost(Duration.ofMinutes(2))
          .until(() -> lines.stream().anyMatch(l -> l.startsWith("pids ")) || !platform.isAlive());
      String pidLine =
          lines.stream()
              .filter(l -> l.startsWith("pids "))
              .findFirst()
              .orElseThrow(
                  () ->
                      new AssertionError(
                          "no pids from the platform: " + lines + platform.stderrTail()));
      List<Long> children =
          Arrays.stream(pidLine.replaceAll("[^0-9,]", "").split(",")).map(Long::parseLong).toList();
      assertThat(children).hasSize(2).allMatch(RuntimeFixture::alive);
      await()
          .atMost(Duration.ofMinutes(1))
          .until(() -> Files.exists(dataDir.resolve("runs/crash-run/artifact/checkpoints")));

      // SIGKILL to the platform alone (ChildProcess.kill would take its descendants along).
      ProcessHandle.of(platform.pid()).orElseThrow().destroyForcibly();
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> children.stream().noneMatch(RuntimeFixture::alive));
      assertThat(dataDir.resolve("runs/crash-run/artifact/checkpoints")).isNotEmptyDirectory();
    } finally {
      platform.kill();
    }
  }
}
