package dev.millrace.conformance.suites;

import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc.GatewayBlockingStub;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's generated gRPC stub, for requests the Camunda client refuses to send (it checks
 * JSON and some arguments itself) and for RPCs the client routes elsewhere. Everything else goes
 * through the real client.
 */
final class RawGateway implements AutoCloseable {

  private static final int REQUEST_SECONDS = 30;

  private final ManagedChannel channel;

  RawGateway(URI grpcAddress) {
    channel =
        ManagedChannelBuilder.forAddress(grpcAddress.getHost(), grpcAddress.getPort())
            .usePlaintext()
            .maxInboundMessageSize(16 * 1024 * 1024)
            .build();
  }

  GatewayBlockingStub stub() {
    return GatewayGrpc.newBlockingStub(channel)
        .withDeadlineAfter(REQUEST_SECONDS, TimeUnit.SECONDS);
  }

  @Override
  public void close() {
    channel.shutdownNow();
    try {
      channel.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
