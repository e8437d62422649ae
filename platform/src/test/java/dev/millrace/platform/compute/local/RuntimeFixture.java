package dev.millrace.platform.compute.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.runtime.catalog.ComputeSize;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The real model runtime for local compute tests: the jar and libtorch cache the reactor built
 * (surefire passes their paths), the bundled sample data, and iris models trained once per test JVM
 * and shared by every test class.
 */
final class RuntimeFixture {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Path WORK = Path.of("target", "compute-local-tests").toAbsolutePath();
  private static final Map<String, Path> MODELS = new HashMap<>();

  private RuntimeFixture() {}

  /** Settings for tests: the built jar, short windows so scaling shows within seconds. */
  static LocalComputeProperties settings() {
    LocalComputeProperties settings = new LocalComputeProperties();
    settings.setRuntimeJar(
        Path.of(
            System.getProperty(
                "millrace.compute.local.runtime-jar",
                "../model-runtime/target/millrace-model-runtime.jar")));
    settings.setDjlCacheDir(
        Path.of(
            System.getProperty(
                "millrace.compute.local.djl-cache-dir", "../model-runtime/target/djl-cache")));
    settings.setAutoscaleInterval(Duration.ofMillis(500));
    settings.setMetricsWindow(Duration.ofSeconds(2));
    settings.setScaleInWindow(Duration.ofSeconds(3));
    settings.setScaleToZeroAfter(Duration.ofSeconds(3));
    settings.setDrainGrace(Duration.ofSeconds(2));
    settings.setTrainingStopGrace(Duration.ofSeconds(30));
    return settings;
  }

  static Path dataset(String file) {
    Path path =
        Path.of(
                System.getProperty(
                    "millrace.test.datasets", "../model-runtime/src/main/resources/datasets"),
                file)
            .toAbsolutePath();
    assertThat(path).exists();
    return path;
  }

  /** A fresh directory under target/ for one test's data. */
  static Path newDirectory(String name) {
    try {
      Files.createDirectories(WORK);
      return Files.createTempDirectory(WORK, name + "-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An iris classifier artifact, trained on first use with this seed and kept for the JVM. */
  static synchronized Path irisModel(long seed) {
    return MODELS.computeIfAbsent(
        "iris-" + seed,
        key -> {
          Path out = newDirectory(key).resolve("artifact");
          ModelRuntimeLauncher runtime = new ModelRuntimeLauncher(settings(), JSON, WORK);
          List<String> lines = new ArrayList<>();
          ChildProcess child =
              ChildProcess.start(
                  runtime.spec(
                      "fixture-" + key,
                      ComputeSize.SMALL,
                      List.of(
                          "train",
                          "--model",
                          "tabular-classifier",
                          "--data",
                          dataset("iris.csv").toString(),
                          "--target",
                          "species",
                          "--out",
                          out.toString(),
                          "--epochs",
                          "30",
                          "--seed",
                          Long.toString(seed)),
                      null),
                  lines::add);
          child.closeStdin();
          int code = child.awaitOrKill(Duration.ofMinutes(3));
          assertThat(code)
              .as("training the fixture model: %s / %s", lines, child.stderrTail())
              .isZero();
          return out;
        });
  }

  static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }
}
