package dev.millrace.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.TestData;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runtime as the platform runs it: a child JVM whose stdout is JSON lines. SIGTERM and a {@code
 * cancel} line stop it cleanly; after a hard kill, {@code --resume} continues from the last
 * checkpoint.
 */
class ChildProcessTest {

  @TempDir Path dir;

  /** A training child process reading its events as they come. */
  final class Child {
    final Process process;
    final BufferedReader out;
    final List<JsonNode> events = new ArrayList<>();

    Child(String... extra) throws IOException {
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "--enable-native-access=ALL-UNNAMED",
                  "-Dai.djl.offline=true",
                  "-cp",
                  System.getProperty("java.class.path"),
                  Main.class.getName(),
                  "train",
                  "--model",
                  "image-classifier",
                  "--data",
                  TestData.sample("digits.csv").toString(),
                  "--target",
                  "digit",
                  "--out",
                  dir.resolve("run").toString(),
                  "--epochs",
                  "60",
                  "--param",
                  "earlyStoppingPatience=0",
                  "--param",
                  "filters=32,64"));
      command.addAll(List.of(extra));
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
      builder.environment().put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
      process = builder.start();
      out =
          new BufferedReader(
              new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    JsonNode until(Predicate<JsonNode> wanted) throws IOException {
      String line;
      while ((line = out.readLine()) != null) {
        JsonNode event = Json.MAPPER.readTree(line);
        events.add(event);
        if (wanted.test(event)) {
          return event;
        }
      }
      throw new AssertionError("stdout ended before the expected event; got " + events);
    }

    int exit() throws InterruptedException {
      assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
      return process.exitValue();
    }
  }

  static Predicate<JsonNode> event(String type) {
    return e -> e.path("event").asText().equals(type);
  }

  @Test
  void sigtermCancelsAtABatchBoundaryKeepingTheCheckpoint() throws Exception {
    Child child = new Child();
    JsonNode checkpoint = child.until(event("checkpoint"));
    child.process.toHandle().destroy(); // SIGTERM; Process.destroy() would close our end of stdout
    JsonNode cancelled = child.until(event("cancelled"));
    assertThat(cancelled.path("lastCheckpointEpoch").asInt())
        .isGreaterThanOrEqualTo(checkpoint.path("epoch").asInt());
    assertThat(child.exit()).isNotZero();
    assertThat(
            dir.resolve(
                "run/checkpoints/epoch-%04d.ckpt"
                    .formatted(cancelled.path("lastCheckpointEpoch").asInt())))
        .exists();
    assertThat(Files.exists(dir.resolve("run/model-card.json"))).isFalse();
  }

  @Test
  void cancelLineOnStdinStopsWithExitCodeFour() throws Exception {
    Child child = new Child();
    child.until(event("epoch"));
    child.process.getOutputStream().write("cancel\n".getBytes(StandardCharsets.UTF_8));
    child.process.getOutputStream().flush();
    child.until(event("cancelled"));
    assertThat(child.exit()).isEqualTo(Main.CANCELLED);
  }

  @Test
  void afterAHardKillResumeContinuesFromTheLastCheckpoint() throws Exception {
    Child first = new Child("--epochs", "4");
    first.until(e -> event("checkpoint").test(e) && e.path("epoch").asInt() == 2);
    first.process.toHandle().destroyForcibly(); // SIGKILL: no chance to clean up
    first.exit();
    int saved;
    try (var files = Files.list(dir.resolve("run/checkpoints"))) {
      saved =
          files
              .map(f -> f.getFileName().toString())
              .filter(name -> name.endsWith(".ckpt"))
              .mapToInt(name -> Integer.parseInt(name.substring(6, 10)))
              .max()
              .orElseThrow();
    }
    assertThat(saved).isGreaterThanOrEqualTo(2);

    Child second = new Child("--epochs", "4", "--resume");
    JsonNode started = second.until(event("started"));
    assertThat(started.path("startEpoch").asInt()).isEqualTo(saved + 1);
    JsonNode finished = second.until(event("finished"));
    assertThat(second.exit()).isZero();
    assertThat(finished.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.8);
    assertThat(Files.readAllLines(dir.resolve("run/history.jsonl"))).hasSize(4);
  }

  @Test
  void serveWithExitOnStdinCloseStopsWhenItsParentGoes() throws Exception {
    Path artifact = dir.resolve("iris");
    assertThat(
            CommandLineTest.run(
                    "train",
                    "--model",
                    "tabular-classifier",
                    "--data",
                    TestData.sample("iris.csv").toString(),
                    "--target",
                    "species",
                    "--out",
                    artifact.toString(),
                    "--epochs",
                    "2")
                .code())
        .isZero();
    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Dai.djl.offline=true",
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "serve",
                "--model",
                artifact.toString(),
                "--port",
                "0",
                "--exit-on-stdin-close")
            .redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().put("DJL_CACHE_DIR", System.getProperty("DJL_CACHE_DIR"));
    Process server = builder.start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8));
    JsonNode serving = Json.MAPPER.readTree(out.readLine());
    assertThat(serving.path("event").asText()).isEqualTo("serving");
    assertThat(serving.path("port").asInt()).isPositive();
    server.getOutputStream().close();
    assertThat(server.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(server.exitValue()).isZero();
  }
}
