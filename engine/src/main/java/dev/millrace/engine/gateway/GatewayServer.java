package dev.millrace.engine.gateway;

import dev.millrace.engine.processing.JobStreams;
import dev.millrace.engine.stream.StreamProcessor;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/** The gRPC server (Netty, plaintext) that serves the Zeebe gateway API. */
public final class GatewayServer implements AutoCloseable {

  /** Zeebe's default maximum message size. */
  public static final int MAX_MESSAGE_BYTES = 4 * 1024 * 1024;

  private final Server server;
  private final GatewayService service;

  public GatewayServer(
      String host, int port, StreamProcessor processor, JobStreams streams, String version) {
    var builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port));
    // The service only hands commands to the processing queue: no blocking on the event loop.
    builder.directExecutor();
    builder.maxInboundMessageSize(MAX_MESSAGE_BYTES);
    // Camunda clients ping every 45 s by default; Netty would refuse anything under 5 min.
    builder.permitKeepAliveTime(1, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true);
    this.service = new GatewayService(processor, streams, host, port, version);
    this.server = builder.addService(service).build();
  }

  public GatewayServer start() {
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the gateway: " + e.getMessage(), e);
    }
    return this;
  }

  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    service.close();
  }
}
