package dev.millrace.tests.durability;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The crash test against the same engine snapshotting every 500 records, so kills also land while a
 * snapshot is taken or written, and restarts recover from snapshot plus log tail rather than the
 * whole log (the standalone jar snapshots only every 500,000 records or 5 minutes).
 */
class SnapshottingEngineCrashTest {

  @Test
  void everyAcknowledgedOperationSurvivesSigkillNextToSnapshots() throws Exception {
    long seed = CrashRun.seed() + 1;
    var work = CrashRun.workDir("crash-snapshots", seed);
    new CrashRun(
            "crash-snapshots",
            (port, data, log) ->
                EngineProcess.startMain(
                    SnapshottingEngine.class,
                    List.of(String.valueOf(port), data.toString(), "500"),
                    log),
            seed,
            Integer.getInteger("millrace.crash.snapshotRounds", 6),
            Integer.getInteger("millrace.crash.maxRoundMillis", 3000),
            work)
        .run();
    // Kept for inspection when a check failed (the exception skips this).
    CrashRun.deleteRecursively(work);
  }
}
