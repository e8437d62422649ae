package dev.millrace.conformance.millrace;

import dev.millrace.conformance.engine.EngineUnderTest;
import dev.millrace.conformance.engine.InstanceHistory;
import dev.millrace.conformance.engine.ProcessInspector;
import dev.millrace.engine.MillraceEngine;
import dev.millrace.engine.clock.ControlledClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/** A running Millrace engine as an {@link EngineUnderTest}. */
final class MillraceEngineUnderTest implements EngineUnderTest {

  private final MillraceEngine engine;
  private final ControlledClock clock;
  private final InstanceHistory history;
  private final Path dataDirectory;

  MillraceEngineUnderTest(
      MillraceEngine engine, ControlledClock clock, InstanceHistory history, Path dataDirectory) {
    this.engine = engine;
    this.clock = clock;
    this.history = history;
    this.dataDirectory = dataDirectory;
  }

  @Override
  public String name() {
    return "millrace " + MillraceEngine.VERSION;
  }

  @Override
  public URI grpcAddress() {
    return engine.grpcAddress();
  }

  @Override
  public void increaseTime(Duration duration) {
    clock.advance(duration);
  }

  @Override
  public ProcessInspector inspector() {
    return history;
  }

  @Override
  public void close() {
    engine.close();
    try (Stream<Path> files = Files.walk(dataDirectory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("could not remove " + dataDirectory, e);
    }
  }
}
