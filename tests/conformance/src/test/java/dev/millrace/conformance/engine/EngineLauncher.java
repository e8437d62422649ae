package dev.millrace.conformance.engine;

import java.util.Map;

/**
 * Starts one {@link EngineUnderTest}. Implementations have a public no-argument constructor; the
 * conformance extension calls {@link #launch()} once per runner class, before its first scenario.
 *
 * <p>A launcher that cannot run here (no Docker engine, a missing binary) aborts with a JUnit
 * assumption whose message says why, so the whole runner is reported as skipped with that reason.
 */
@FunctionalInterface
public interface EngineLauncher {

  EngineUnderTest launch() throws Exception;

  /**
   * Scenarios this engine is known to fail, as {@code "SuiteClass#scenarioMethod"} mapped to why
   * (what Zeebe documents, what the engine does instead). Each still runs: while it fails it is
   * reported as skipped with that reason; once it passes it fails, asking to be taken off the list.
   * This keeps the build green while an engine bug is open without hiding it or its fix.
   */
  default Map<String, String> knownDeviations() {
    return Map.of();
  }
}
