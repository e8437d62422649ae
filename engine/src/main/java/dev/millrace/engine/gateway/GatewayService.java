package dev.millrace.engine.gateway;

import dev.millrace.engine.processing.CommandResponder;
import dev.millrace.engine.processing.EngineProcessor.Command;
import dev.millrace.engine.processing.JobStreams;
import dev.millrace.engine.processing.bpmn.InstanceResults;
import dev.millrace.engine.record.DeploymentIntent;
import dev.millrace.engine.record.IncidentIntent;
import dev.millrace.engine.record.Intent;
import dev.millrace.engine.record.JobBatchIntent;
import dev.millrace.engine.record.JobIntent;
import dev.millrace.engine.record.MessageIntent;
import dev.millrace.engine.record.ProcessInstanceCreationIntent;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.RejectionType;
import dev.millrace.engine.record.SignalIntent;
import dev.millrace.engine.record.VariableDocumentIntent;
import dev.millrace.engine.record.VariableUpdateSemantics;
import dev.millrace.engine.record.value.DeploymentRecord;
import dev.millrace.engine.record.value.DeploymentResource;
import dev.millrace.engine.record.value.IncidentRecord;
import dev.millrace.engine.record.value.JobBatchRecord;
import dev.millrace.engine.record.value.JobRecord;
import dev.millrace.engine.record.value.MessageRecord;
import dev.millrace.engine.record.value.ProcessInstanceCreationRecord;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import dev.millrace.engine.record.value.RecordValue;
import dev.millrace.engine.record.value.SignalRecord;
import dev.millrace.engine.record.value.VariableDocumentRecord;
import dev.millrace.engine.stream.StreamProcessor;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.*;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The Zeebe gateway API over our engine: each RPC becomes a command, and its answer comes back once
 * the command's records are durable. Only mapping here; the semantics live in processing.
 */
final class GatewayService extends GatewayGrpc.GatewayImplBase {

  /** Zeebe's gateway default for CreateProcessInstanceWithResult without a request timeout. */
  private static final long DEFAULT_RESULT_TIMEOUT_MILLIS = 15_000;

  private final StreamProcessor processor;
  private final JobStreams streams;
  private final String host;
  private final int port;
  private final String version;
  private final AtomicLong ids = new AtomicLong();
  private final ScheduledExecutorService timeouts =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            var t = new Thread(r, "millrace-gateway-timeouts");
            t.setDaemon(true);
            return t;
          });

  GatewayService(
      StreamProcessor processor, JobStreams streams, String host, int port, String version) {
    this.processor = processor;
    this.streams = streams;
    this.host = host;
    this.port = port;
    this.version = version;
  }

  void close() {
    timeouts.shutdownNow();
  }

  // ------------------------------------------------------------------ plumbing

  private <T> void submit(
      long key,
      Intent intent,
      RecordValue value,
      StreamObserver<T> observer,
      Function<Record, T> onAccepted) {
    CommandResponder responder =
        new CommandResponder() {
          @Override
          public void accepted(Record event) {
            observer.onNext(onAccepted.apply(event));
            observer.onCompleted();
          }

          @Override
          public void rejected(RejectionType type, String reason) {
            observer.onError(GrpcErrors.rejection(intent, type, reason));
          }
        };
    send(Command.of(key, intent, value, responder), observer);
  }

  private void send(Command command, StreamObserver<?> observer) {
    if (!processor.submit(command)) {
      observer.onError(
          processor.isHealthy()
              ? GrpcErrors.backPressure()
              : GrpcErrors.unavailable(processor.failure()));
    }
  }

  // ------------------------------------------------------------------ topology

  @Override
  public void topology(TopologyRequest request, StreamObserver<TopologyResponse> observer) {
    var partition =
        Partition.newBuilder()
            .setPartitionId(1)
            .setRole(Partition.PartitionBrokerRole.LEADER)
            .setHealth(
                processor.isHealthy()
                    ? Partition.PartitionBrokerHealth.HEALTHY
                    : Partition.PartitionBrokerHealth.DEAD);
    var broker =
        BrokerInfo.newBuilder()
            .setNodeId(0)
            .setHost(host)
            .setPort(port)
            .setVersion(version)
            .addPartitions(partition);
    observer.onNext(
        TopologyResponse.newBuilder()
            .addBrokers(broker)
            .setClusterSize(1)
            .setPartitionsCount(1)
            .setReplicationFactor(1)
            .setGatewayVersion(version)
            .build());
    observer.onCompleted();
  }

  // ------------------------------------------------------------------ deployments

  @Override
  public void deployResource(
      DeployResourceRequest request, StreamObserver<DeployResourceResponse> observer) {
    var resources =
        request.getResourcesList().stream()
            .map(r -> new DeploymentResource(r.getName(), r.getContent().toByteArray()))
            .toList();
    var record =
        new DeploymentRecord(resources, List.of(), ProtoMapper.tenant(request.getTenantId()));
    submit(
        -1,
        DeploymentIntent.CREATE,
        record,
        observer,
        event -> {
          var deployment = (DeploymentRecord) event.value();
          var response =
              DeployResourceResponse.newBuilder()
                  .setKey(event.key())
                  .setTenantId(ProtoMapper.tenant(deployment.tenantId()));
          for (var process : deployment.processes()) {
            response.addDeployments(
                Deployment.newBuilder()
                    .setProcess(
                        ProcessMetadata.newBuilder()
                            .setBpmnProcessId(process.bpmnProcessId())
                            .setVersion(process.version())
                            .setProcessDefinitionKey(process.processDefinitionKey())
                            .setResourceName(process.resourceName())
                            .setTenantId(ProtoMapper.tenant(process.tenantId()))));
          }
          return response.build();
        });
  }

  // ------------------------------------------------------------------ process instances

  private static ProcessInstanceCreationRecord creation(CreateProcessInstanceRequest request) {
    return new ProcessInstanceCreationRecord(
        request.getBpmnProcessId(),
        request.getVersion(),
        request.getProcessDefinitionKey(),
        -1,
        request.getVariables(),
        List.of(),
        "",
        ProtoMapper.tenant(request.getTenantId()));
  }

  private static boolean unsupportedStart(
      CreateProcessInstanceRequest request, StreamObserver<?> observer) {
    if (request.getStartInstructionsCount() > 0 || request.getRuntimeInstructionsCount() > 0) {
      observer.onError(
          GrpcErrors.invalidArgument(
              "startInstructions",
              "Millrace starts instances at their none start event only; start and runtime"
                  + " instructions are not supported"));
      return true;
    }
    return false;
  }

  @Override
  public void createProcessInstance(
      CreateProcessInstanceRequest request,
      StreamObserver<CreateProcessInstanceResponse> observer) {
    if (unsupportedStart(request, observer)) {
      return;
    }
    submit(
        -1,
        ProcessInstanceCreationIntent.CREATE,
        creation(request),
        observer,
        event -> {
          var created = (ProcessInstanceCreationRecord) event.value();
          return CreateProcessInstanceResponse.newBuilder()
              .setProcessDefinitionKey(created.processDefinitionKey())
              .setBpmnProcessId(created.bpmnProcessId())
              .setVersion(created.version())
              .setProcessInstanceKey(created.processInstanceKey())
              .setTenantId(ProtoMapper.tenant(created.tenantId()))
              .build();
        });
  }

  @Override
  public void createProcessInstanceWithResult(
      CreateProcessInstanceWithResultRequest request,
      StreamObserver<CreateProcessInstanceWithResultResponse> observer) {
    var inner = request.getRequest();
    if (unsupportedStart(inner, observer)) {
      return;
    }
    var record = creation(inner).withFetchVariables(request.getFetchVariablesList());
    long timeout =
        request.getRequestTimeout() > 0
            ? request.getRequestTimeout()
            : DEFAULT_RESULT_TIMEOUT_MILLIS;
    var awaiting = new ResultWaiter(observer, timeout);
    send(
        Command.of(-1, ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT, record, awaiting),
        observer);
  }

  /** Answers a CreateProcessInstanceWithResult call: the result, a rejection, or a timeout. */
  private final class ResultWaiter implements CommandResponder {
    private final StreamObserver<CreateProcessInstanceWithResultResponse> observer;
    private final java.util.concurrent.atomic.AtomicBoolean answered =
        new java.util.concurrent.atomic.AtomicBoolean();

    ResultWaiter(
        StreamObserver<CreateProcessInstanceWithResultResponse> observer, long timeoutMillis) {
      this.observer = observer;
      timeouts.schedule(
          () -> {
            if (answered.compareAndSet(false, true)) {
              observer.onError(
                  io.grpc.Status.DEADLINE_EXCEEDED
                      .withDescription(
                          "Expected the process instance to complete within "
                              + timeoutMillis
                              + " ms (the request timeout), but it did not; it keeps running")
                      .asRuntimeException());
            }
          },
          timeoutMillis,
          TimeUnit.MILLISECONDS);
    }

    @Override
    public void accepted(Record event) {}

    @Override
    public void rejected(RejectionType type, String reason) {
      if (answered.compareAndSet(false, true)) {
        observer.onError(
            GrpcErrors.rejection(
                ProcessInstanceCreationIntent.CREATE_WITH_AWAITING_RESULT, type, reason));
      }
    }

    @Override
    public void acceptedWith(Object payload) {
      var result = (InstanceResults.Result) payload;
      if (!answered.compareAndSet(false, true)) {
        return;
      }
      observer.onNext(
          CreateProcessInstanceWithResultResponse.newBuilder()
              .setProcessInstanceKey(result.processInstanceKey())
              .setProcessDefinitionKey(result.processDefinitionKey())
              .setBpmnProcessId(result.bpmnProcessId())
              .setVersion(result.version())
              .setVariables(dev.millrace.engine.feel.JsonValues.write(result.variables()))
              .setTenantId(ProtoMapper.tenant(result.tenantId()))
              .build());
      observer.onCompleted();
    }
  }

  @Override
  public void cancelProcessInstance(
      CancelProcessInstanceRequest request,
      StreamObserver<CancelProcessInstanceResponse> observer) {
    submit(
        request.getProcessInstanceKey(),
        ProcessInstanceIntent.CANCEL,
        ProcessInstanceRecord.empty().withProcessInstanceKey(request.getProcessInstanceKey()),
        observer,
        event -> CancelProcessInstanceResponse.getDefaultInstance());
  }

  @Override
  public void setVariables(
      SetVariablesRequest request, StreamObserver<SetVariablesResponse> observer) {
    var document =
        new VariableDocumentRecord(
            request.getElementInstanceKey(),
            request.getLocal() ? VariableUpdateSemantics.LOCAL : VariableUpdateSemantics.PROPAGATE,
            request.getVariables(),
            ProtoMapper.DEFAULT_TENANT);
    submit(
        request.getElementInstanceKey(),
        VariableDocumentIntent.UPDATE,
        document,
        observer,
        event -> SetVariablesResponse.newBuilder().setKey(event.key()).build());
  }

  @Override
  public void resolveIncident(
      ResolveIncidentRequest request, StreamObserver<ResolveIncidentResponse> observer) {
    submit(
        request.getIncidentKey(),
        IncidentIntent.RESOLVE,
        IncidentRecord.empty(),
        observer,
        event -> ResolveIncidentResponse.getDefaultInstance());
  }

  // ------------------------------------------------------------------ messages and signals

  @Override
  public void publishMessage(
      PublishMessageRequest request, StreamObserver<PublishMessageResponse> observer) {
    var message =
        new MessageRecord(
            request.getName(),
            request.getCorrelationKey(),
            request.getMessageId(),
            request.getTimeToLive(),
            -1,
            request.getVariables(),
            ProtoMapper.tenant(request.getTenantId()));
    submit(
        -1,
        MessageIntent.PUBLISH,
        message,
        observer,
        event ->
            PublishMessageResponse.newBuilder()
                .setKey(event.key())
                .setTenantId(ProtoMapper.tenant(message.tenantId()))
                .build());
  }

  @Override
  public void broadcastSignal(
      BroadcastSignalRequest request, StreamObserver<BroadcastSignalResponse> observer) {
    var signal =
        new SignalRecord(
            request.getSignalName(),
            request.getVariables(),
            ProtoMapper.tenant(request.getTenantId()));
    submit(
        -1,
        SignalIntent.BROADCAST,
        signal,
        observer,
        event ->
            BroadcastSignalResponse.newBuilder()
                .setKey(event.key())
                .setTenantId(ProtoMapper.tenant(signal.tenantId()))
                .build());
  }

  // ------------------------------------------------------------------ jobs

  @Override
  public void activateJobs(
      ActivateJobsRequest request, StreamObserver<ActivateJobsResponse> observer) {
    long pollId = ids.incrementAndGet();
    var batch =
        new JobBatchRecord(
            request.getType(),
            request.getWorker(),
            request.getTimeout(),
            request.getMaxJobsToActivate(),
            List.of(),
            List.of(),
            false,
            -1,
            request.getFetchVariableList());
    var answered = new java.util.concurrent.atomic.AtomicBoolean();
    CommandResponder responder =
        new CommandResponder() {
          @Override
          public void accepted(Record event) {}

          @Override
          public void rejected(RejectionType type, String reason) {
            if (answered.compareAndSet(false, true)) {
              observer.onError(GrpcErrors.rejection(JobBatchIntent.ACTIVATE, type, reason));
            }
          }

          @Override
          @SuppressWarnings("unchecked")
          public void acceptedWith(Object payload) {
            if (!answered.compareAndSet(false, true)) {
              return;
            }
            var response = ActivateJobsResponse.newBuilder();
            for (var job : (List<JobStreams.ActivatedJob>) payload) {
              response.addJobs(ProtoMapper.activatedJob(job));
            }
            observer.onNext(response.build());
            observer.onCompleted();
          }
        };
    if (observer instanceof ServerCallStreamObserver<ActivateJobsResponse> call) {
      call.setOnCancelHandler(
          () -> {
            answered.set(true);
            processor.execute(() -> processor.engine().jobActivation().cancelPoller(pollId));
          });
    }
    send(
        new Command(pollId, JobBatchIntent.ACTIVATE, batch, responder, request.getRequestTimeout()),
        observer);
  }

  @Override
  public void streamActivatedJobs(
      StreamActivatedJobsRequest request, StreamObserver<ActivatedJob> observer) {
    if (request.getType().isBlank()) {
      observer.onError(GrpcErrors.invalidArgument("type", "it was empty"));
      return;
    }
    if (request.getTimeout() < 1) {
      observer.onError(
          GrpcErrors.invalidArgument("timeout", "it was " + request.getTimeout() + " ms"));
      return;
    }
    var call = (ServerCallStreamObserver<ActivatedJob>) observer;
    var stream = new GrpcJobStream(ids.incrementAndGet(), request, call);
    call.setOnCancelHandler(
        () -> {
          stream.close();
          streams.remove(stream);
        });
    streams.add(stream);
  }

  @Override
  public void completeJob(
      CompleteJobRequest request, StreamObserver<CompleteJobResponse> observer) {
    submit(
        request.getJobKey(),
        JobIntent.COMPLETE,
        JobRecord.empty().withVariables(request.getVariables()),
        observer,
        event -> CompleteJobResponse.getDefaultInstance());
  }

  @Override
  public void failJob(FailJobRequest request, StreamObserver<FailJobResponse> observer) {
    var job =
        JobRecord.empty()
            .withRetries(request.getRetries())
            .withErrorMessage(request.getErrorMessage())
            .withRetryBackoff(request.getRetryBackOff())
            .withVariables(request.getVariables());
    submit(
        request.getJobKey(),
        JobIntent.FAIL,
        job,
        observer,
        event -> FailJobResponse.getDefaultInstance());
  }

  @Override
  public void throwError(ThrowErrorRequest request, StreamObserver<ThrowErrorResponse> observer) {
    var job =
        JobRecord.empty()
            .withErrorCode(request.getErrorCode())
            .withErrorMessage(request.getErrorMessage())
            .withVariables(request.getVariables());
    submit(
        request.getJobKey(),
        JobIntent.THROW_ERROR,
        job,
        observer,
        event -> ThrowErrorResponse.getDefaultInstance());
  }

  @Override
  public void updateJobRetries(
      UpdateJobRetriesRequest request, StreamObserver<UpdateJobRetriesResponse> observer) {
    submit(
        request.getJobKey(),
        JobIntent.UPDATE_RETRIES,
        JobRecord.empty().withRetries(request.getRetries()),
        observer,
        event -> UpdateJobRetriesResponse.getDefaultInstance());
  }

  @Override
  public void updateJobTimeout(
      UpdateJobTimeoutRequest request, StreamObserver<UpdateJobTimeoutResponse> observer) {
    submit(
        request.getJobKey(),
        JobIntent.UPDATE_TIMEOUT,
        JobRecord.empty().withTimeout(request.getTimeout()),
        observer,
        event -> UpdateJobTimeoutResponse.getDefaultInstance());
  }

  // ------------------------------------------------------------------ not implemented

  @Override
  public void deployProcess(
      DeployProcessRequest request, StreamObserver<DeployProcessResponse> observer) {
    observer.onError(
        GrpcErrors.unimplemented("DeployProcess", "it is deprecated in Zeebe; use DeployResource"));
  }

  @Override
  public void evaluateDecision(
      EvaluateDecisionRequest request, StreamObserver<EvaluateDecisionResponse> observer) {
    observer.onError(
        GrpcErrors.unimplemented("EvaluateDecision", "DMN decisions are not supported"));
  }

  @Override
  public void modifyProcessInstance(
      ModifyProcessInstanceRequest request,
      StreamObserver<ModifyProcessInstanceResponse> observer) {
    observer.onError(
        GrpcErrors.unimplemented(
            "ModifyProcessInstance", "process instance modification is not supported yet"));
  }

  @Override
  public void migrateProcessInstance(
      MigrateProcessInstanceRequest request,
      StreamObserver<MigrateProcessInstanceResponse> observer) {
    observer.onError(
        GrpcErrors.unimplemented(
            "MigrateProcessInstance", "process instance migration is not supported yet"));
  }

  @Override
  public void deleteResource(
      DeleteResourceRequest request, StreamObserver<DeleteResourceResponse> observer) {
    observer.onError(
        GrpcErrors.unimplemented("DeleteResource", "deployed resources cannot be deleted yet"));
  }
}
