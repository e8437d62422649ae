package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The engine's durability promise, tested the hard way on the standalone jar, exactly as users
 * start it: under load it is SIGKILLed at random moments (some while it is still recovering),
 * restarted on the same data directory each time, and afterwards every operation it acknowledged
 * must have survived (see {@link CrashRun}). The seed is printed; {@code
 * -Dmillrace.crash.seed=<seed>} replays the same kill schedule and operation mix (thread
 * interleavings still differ); {@code -Pcrash-soak} runs many more and longer rounds. The same
 * run's JSON-lines export is checked separately.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class StandaloneJarCrashTest {

  private final long seed = CrashRun.seed();
  private final Path work = CrashRun.workDir("crash-jar", seed);
  private final Path export = work.resolve("export.jsonl");
  private CrashRun run;
  private boolean ran;
  private boolean allPassed = true;

  @Test
  @Order(1)
  void everyAcknowledgedOperationSurvivesSigkillAtRandomMoments() throws Exception {
    run =
        new CrashRun(
            "crash-jar",
            (port, data, log) ->
                EngineProcess.startJar(port, data, log, "--export-jsonl=" + export),
            seed,
            Integer.getInteger("millrace.crash.rounds", 10),
            Integer.getInteger("millrace.crash.maxRoundMillis", 3000),
            work);
    try {
      run.run();
      ran = true;
    } catch (Throwable e) {
      allPassed = false;
      throw e;
    }
  }

  /**
   * The built-in exporter receives every record at least once, in order; its file must stay one
   * JSON record per line across the kills, and cover every position the engine recovered.
   */
  @Test
  @Order(2)
  void jsonLinesExportSurvivesTheKills() throws Exception {
    assumeTrue(ran, "the crash run above did not complete, so there is no export to check");
    try {
      var last = run.incarnations().getLast().recovery().orElseThrow();
      assertThat(ExportCheck.problems(export, last.lastPosition()))
          .as("the JSON-lines export after the kills (%s)", export)
          .isEmpty();
    } catch (Throwable e) {
      allPassed = false;
      throw e;
    }
  }

  @AfterAll
  void removeWorkWhenAllPassed() throws Exception {
    if (allPassed) {
      CrashRun.deleteRecursively(work);
    } else {
      System.out.println("[crash-jar] kept for inspection: " + work.toAbsolutePath());
    }
  }
}
