package dev.millrace.engine.gateway;

import dev.millrace.engine.processing.JobStreams;
import dev.millrace.engine.processing.JobStreams.ActivatedJob;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.List;

/** A StreamActivatedJobs call as a job stream; honours gRPC flow control through isReady. */
final class GrpcJobStream implements JobStreams.JobStream {

  private final long id;
  private final GatewayOuterClass.StreamActivatedJobsRequest request;
  private final ServerCallStreamObserver<GatewayOuterClass.ActivatedJob> call;
  private volatile boolean closed;

  GrpcJobStream(
      long id,
      GatewayOuterClass.StreamActivatedJobsRequest request,
      ServerCallStreamObserver<GatewayOuterClass.ActivatedJob> call) {
    this.id = id;
    this.request = request;
    this.call = call;
  }

  @Override
  public long id() {
    return id;
  }

  @Override
  public String type() {
    return request.getType();
  }

  @Override
  public String worker() {
    return request.getWorker();
  }

  @Override
  public long timeoutMillis() {
    return request.getTimeout();
  }

  @Override
  public List<String> fetchVariables() {
    return request.getFetchVariableList();
  }

  @Override
  public boolean isReady() {
    return !closed && call.isReady();
  }

  @Override
  public synchronized boolean push(ActivatedJob job) {
    if (closed || call.isCancelled()) {
      return false;
    }
    try {
      call.onNext(ProtoMapper.activatedJob(job));
      return true;
    } catch (RuntimeException e) {
      closed = true;
      return false;
    }
  }

  void close() {
    closed = true;
  }
}
