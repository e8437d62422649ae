package dev.millrace.engine;

import dev.millrace.engine.clock.EngineClock;
import dev.millrace.engine.export.Exporter;
import dev.millrace.engine.export.ExporterDirector;
import dev.millrace.engine.gateway.GatewayServer;
import dev.millrace.engine.log.LogConfig;
import dev.millrace.engine.processing.JobStreams;
import dev.millrace.engine.stream.StreamProcessor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Millrace's embedded BPMN engine: a durable state machine behind the Zeebe gRPC gateway API. Use
 * it as a library ({@code MillraceEngine.builder()...start()}) or standalone ({@link Main}).
 */
public final class MillraceEngine implements AutoCloseable {

  /** The engine's version, reported in the gateway topology. */
  public static final String VERSION = "0.1.0 (Zeebe gateway API 8.8)";

  private final Builder settings;
  private final JobStreams streams = new JobStreams();
  private StreamProcessor processor;
  private ExporterDirector exporters;
  private GatewayServer gateway;

  private MillraceEngine(Builder settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Recovers state from the data directory and starts serving. */
  public MillraceEngine start() {
    try {
      processor =
          new StreamProcessor(
              new StreamProcessor.Settings(
                  settings.dataDirectory,
                  settings.clock,
                  settings.meterRegistry,
                  settings.inboxCapacity,
                  settings.snapshotEveryRecords,
                  settings.snapshotPeriod.toMillis(),
                  settings.logConfig.toBuilder().meterRegistry(settings.meterRegistry).build()),
              streams);
      processor.start();
      exporters =
          new ExporterDirector(
              processor.log(), settings.dataDirectory.resolve("exporters"), settings.exporters);
      processor.compactionFloor(exporters::lowestAcknowledged);
      exporters.start();
      gateway =
          new GatewayServer(settings.host, settings.grpcPort, processor, streams, VERSION).start();
      return this;
    } catch (IOException e) {
      close();
      throw new UncheckedIOException(
          "cannot start the engine in " + settings.dataDirectory + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  public int grpcPort() {
    return gateway.port();
  }

  /** The address for Camunda clients: {@code grpcAddress(engine.grpcAddress())}. */
  public URI grpcAddress() {
    String host = settings.host.equals("0.0.0.0") ? "127.0.0.1" : settings.host;
    return URI.create("http://" + host + ":" + grpcPort());
  }

  public EngineClock clock() {
    return settings.clock;
  }

  public boolean isHealthy() {
    return processor != null && processor.isHealthy();
  }

  @Override
  public void close() {
    if (gateway != null) {
      gateway.close();
    }
    if (processor != null) {
      processor.close();
    }
    if (exporters != null) {
      exporters.close();
    }
  }

  /** Engine settings; only the data directory is required. */
  public static final class Builder {
    private Path dataDirectory;
    private String host = "127.0.0.1";
    private int grpcPort = 26500;
    private EngineClock clock = EngineClock.system();
    private MeterRegistry meterRegistry = new SimpleMeterRegistry();
    private int inboxCapacity = 10_000;
    private long snapshotEveryRecords = 500_000;
    private Duration snapshotPeriod = Duration.ofMinutes(5);
    private LogConfig logConfig = LogConfig.defaults();
    private final Map<String, Exporter> exporters = new LinkedHashMap<>();

    public Builder dataDirectory(Path directory) {
      this.dataDirectory = directory;
      return this;
    }

    /** The interface to listen on (default 127.0.0.1; 0.0.0.0 for all). */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The gRPC port (default 26500; 0 picks a free one). */
    public Builder grpcPort(int port) {
      this.grpcPort = port;
      return this;
    }

    public Builder clock(EngineClock clock) {
      this.clock = clock;
      return this;
    }

    public Builder meterRegistry(MeterRegistry registry) {
      this.meterRegistry = registry;
      return this;
    }

    /** Commands waiting beyond this are refused with RESOURCE_EXHAUSTED (back-pressure). */
    public Builder inboxCapacity(int capacity) {
      this.inboxCapacity = capacity;
      return this;
    }

    /** Take a snapshot after this many records, or after {@code period} with any. */
    public Builder snapshotEvery(long records, Duration period) {
      this.snapshotEveryRecords = records;
      this.snapshotPeriod = period;
      return this;
    }

    public Builder logConfig(LogConfig config) {
      this.logConfig = config;
      return this;
    }

    /** Adds an exporter; its id names its position file, so keep it stable across restarts. */
    public Builder exporter(String id, Exporter exporter) {
      exporters.put(id, exporter);
      return this;
    }

    public MillraceEngine build() {
      Objects.requireNonNull(dataDirectory, "dataDirectory");
      return new MillraceEngine(this);
    }
  }
}
