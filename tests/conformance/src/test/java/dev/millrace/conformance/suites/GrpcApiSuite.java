package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.BrokerInfo;
import io.camunda.client.api.response.Topology;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ActivateJobsRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.DeleteResourceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.EvaluateDecisionRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.MigrateProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.ModifyProcessInstanceRequest;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.StreamActivatedJobsRequest;
import io.grpc.Status.Code;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The gateway as a gRPC service: Topology, the documented INVALID_ARGUMENT answers of the job RPCs
 * (sent with the raw stub because the client checks some arguments itself), and RPCs outside the
 * set an engine serves, which are answered either as Zeebe documents or with UNIMPLEMENTED and a
 * sentence naming the RPC, never with a crash or a hang.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (Topology, ActivateJobs, StreamActivatedJobs,
 * EvaluateDecision, ModifyProcessInstance, MigrateProcessInstance, DeleteResource).
 */
@Tag("grpc-api")
public abstract class GrpcApiSuite extends ConformanceSuite {

  private static final long UNKNOWN_KEY = 2251799813999999L;

  private RawGateway raw;

  @BeforeEach
  void openRawGateway() {
    raw = new RawGateway(engine.grpcAddress());
  }

  @AfterEach
  void closeRawGateway() {
    raw.close();
  }

  private ActivateJobsRequest.Builder validActivation() {
    return ActivateJobsRequest.newBuilder()
        .setType(id("job"))
        .setWorker(WORKER)
        .setTimeout(60_000)
        .setMaxJobsToActivate(1)
        .setRequestTimeout(-1);
  }

  private Rejection activationRejection(Consumer<ActivateJobsRequest.Builder> breakIt) {
    ActivateJobsRequest.Builder request = validActivation();
    breakIt.accept(request);
    return Rejection.of(() -> raw.stub().activateJobs(request.build()).forEachRemaining(r -> {}));
  }

  @Test
  void topologyDescribesAtLeastOneBrokerWithAPartition() {
    Topology topology = client.newTopologyRequest().send().join();

    assertThat(topology.getClusterSize()).isPositive();
    assertThat(topology.getPartitionsCount()).isPositive();
    assertThat(topology.getReplicationFactor()).isPositive();
    assertThat(topology.getGatewayVersion()).isNotBlank();
    assertThat(topology.getBrokers()).isNotEmpty();
    BrokerInfo broker = topology.getBrokers().getFirst();
    assertThat(broker.getPartitions()).isNotEmpty();
    assertThat(broker.getPartitions()).anySatisfy(p -> assertThat(p.isLeader()).isTrue());
  }

  @Test
  void activationWithABlankTypeIsInvalidArgument() {
    assertThat(activationRejection(r -> r.setType("")).code()).isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void activationWithABlankWorkerIsInvalidArgument() {
    assertThat(activationRejection(r -> r.setWorker("")).code()).isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void activationWithATimeoutBelowOneMillisecondIsInvalidArgument() {
    assertThat(activationRejection(r -> r.setTimeout(0)).code()).isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void activationOfFewerThanOneJobIsInvalidArgument() {
    assertThat(activationRejection(r -> r.setMaxJobsToActivate(0)).code())
        .isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void streamWithABlankTypeIsInvalidArgument() {
    StreamActivatedJobsRequest request =
        StreamActivatedJobsRequest.newBuilder()
            .setType("")
            .setWorker(WORKER)
            .setTimeout(60_000)
            .build();

    Rejection rejection = Rejection.of(() -> raw.stub().streamActivatedJobs(request).hasNext());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void evaluateDecisionIsAnsweredAsZeebeDocumentsOrDeclaredUnimplemented() {
    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .evaluateDecision(
                        EvaluateDecisionRequest.newBuilder()
                            .setDecisionId(id("no-such-decision"))
                            .setVariables("{}")
                            .build()));

    assertDocumentedOrUnimplemented(rejection, Set.of(Code.INVALID_ARGUMENT), "EvaluateDecision");
  }

  @Test
  void modifyProcessInstanceIsAnsweredAsZeebeDocumentsOrDeclaredUnimplemented() {
    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .modifyProcessInstance(
                        ModifyProcessInstanceRequest.newBuilder()
                            .setProcessInstanceKey(UNKNOWN_KEY)
                            .build()));

    assertDocumentedOrUnimplemented(rejection, Set.of(Code.NOT_FOUND), "ModifyProcessInstance");
  }

  @Test
  void migrateProcessInstanceIsAnsweredAsZeebeDocumentsOrDeclaredUnimplemented() {
    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .migrateProcessInstance(
                        MigrateProcessInstanceRequest.newBuilder()
                            .setProcessInstanceKey(UNKNOWN_KEY)
                            .setMigrationPlan(
                                MigrateProcessInstanceRequest.MigrationPlan.newBuilder()
                                    .setTargetProcessDefinitionKey(UNKNOWN_KEY))
                            .build()));

    assertDocumentedOrUnimplemented(rejection, Set.of(Code.NOT_FOUND), "MigrateProcessInstance");
  }

  @Test
  void deleteResourceIsAnsweredAsZeebeDocumentsOrDeclaredUnimplemented() {
    Rejection rejection =
        Rejection.of(
            () ->
                raw.stub()
                    .deleteResource(
                        DeleteResourceRequest.newBuilder().setResourceKey(UNKNOWN_KEY).build()));

    assertDocumentedOrUnimplemented(rejection, Set.of(Code.NOT_FOUND), "DeleteResource");
  }

  /**
   * Zeebe serves these RPCs; an engine that does not must say so with UNIMPLEMENTED and a sentence
   * that names the RPC. Either way the gateway keeps serving.
   */
  private void assertDocumentedOrUnimplemented(
      Rejection rejection, Set<Code> documented, String rpc) {
    if (rejection.code() == Code.UNIMPLEMENTED) {
      assertThat(rejection.description())
          .as("UNIMPLEMENTED should explain itself in a sentence naming the RPC")
          .contains(" ")
          .containsIgnoringCase(rpc);
    } else {
      assertThat(rejection.code()).isIn(documented);
    }
    assertThat(client.newTopologyRequest().send().join().getBrokers()).isNotEmpty();
  }
}
