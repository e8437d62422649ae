package dev.millrace.platform.compute.local;

import dev.millrace.workers.compute.TrainingJob;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;

/**
 * A stand-in platform for {@link PlatformCrashTest}, run as its own JVM: a local backend with one
 * endpoint replica and one training; prints their pids, then waits to be killed.
 */
public final class CrashingPlatform {

  private CrashingPlatform() {}

  public static void main(String[] args) throws Exception {
    Path dataDir = Path.of(args[0]);
    LocalComputeBackend backend =
        new LocalComputeBackend(
            RuntimeFixture.settings(),
            dataDir,
            new RecordingObserver(),
            status -> {},
            key -> Optional.empty(),
            RuntimeFixture.JSON,
            new SimpleMeterRegistry(),
            Clock.systemUTC(),
            () -> "http://127.0.0.1:1");
    backend.applyEndpoint(
        LocalComputeHarness.spec(
            "crash", "iris-crash", Path.of(args[1]), "private", "cpu", 80, 1, 1));
    backend.startTraining(
        new TrainingJob(
            "crash-run",
            "tenant-a",
            "tabular-classifier",
            RuntimeFixture.dataset("iris.csv"),
            "species",
            Map.of("batchSize", 1, "earlyStoppingPatience", 0),
            400,
            7L,
            null,
            null,
            "cpu",
            "small",
            null));
    while (backend.endpointStatus("crash").map(s -> s.readyReplicas() == 0).orElse(true)) {
      Thread.sleep(100);
    }
    System.out.println("pids " + backend.processes());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
