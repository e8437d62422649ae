package dev.millrace.conformance.engine;

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
}
