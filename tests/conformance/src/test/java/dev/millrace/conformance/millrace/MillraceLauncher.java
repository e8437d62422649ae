package dev.millrace.conformance.millrace;

import dev.millrace.conformance.engine.EngineLauncher;
import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.engine.InstanceHistory;
import dev.millrace.engine.MillraceEngine;
import dev.millrace.engine.clock.ControlledClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Starts Millrace's engine as a library, on a free port, in a fresh data directory, with a
 * controlled clock and an exporter that feeds the conformance inspector.
 */
public final class MillraceLauncher implements EngineLauncher {

  @Override
  public EngineUnderTest launch() throws IOException {
    Path dataDirectory = Files.createTempDirectory("millrace-conformance-");
    ControlledClock clock = ControlledClock.startingNow();
    InstanceHistory history = new InstanceHistory();
    MillraceEngine engine =
        MillraceEngine.builder()
            .dataDirectory(dataDirectory)
            .grpcPort(0)
            .clock(clock)
            .exporter("conformance-inspector", new InspectorExporter(history))
            .build()
            .start();
    return new MillraceEngineUnderTest(engine, clock, history, dataDirectory);
  }

  /**
   * Open engine bugs found by the suites (see tests/conformance/README.md). Remove an entry when
   * the engine is fixed; the scenario then fails until it is removed.
   */
  @Override
  public Map<String, String> knownDeviations() {
    // None today. A scenario the engine is known to fail goes here with the documented
    // expectation and what the engine does instead; it is reported as skipped while it fails.
    return Map.of();
  }
}
