package dev.millrace.conformance.junit;

import dev.millrace.conformance.engine.EngineUnderTest;
import io.camunda.client.CamundaClient;

/**
 * A launched engine and the one client its suites share. Stored in the runner class's extension
 * store, so JUnit closes it when the runner's last scenario has run.
 */
public final class EngineSession implements AutoCloseable {

  private final EngineUnderTest engine;
  private final CamundaClient client;

  EngineSession(EngineUnderTest engine) {
    this.engine = engine;
    this.client = engine.newClient();
  }

  public EngineUnderTest engine() {
    return engine;
  }

  public CamundaClient client() {
    return client;
  }

  @Override
  public void close() {
    try {
      client.close();
    } finally {
      engine.close();
    }
  }
}
