package dev.millrace.engine.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.engine.MillraceEngine;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Camunda client against the engine over gRPC. */
class GatewayClientTest {

  @TempDir static Path dataDir;
  static MillraceEngine engine;
  static CamundaClient client;

  @BeforeAll
  static void start() {
    engine = MillraceEngine.builder().dataDirectory(dataDir).grpcPort(0).build().start();
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(engine.grpcAddress())
            .preferRestOverGrpc(false)
            .build();
  }

  @AfterAll
  static void stop() {
    client.close();
    engine.close();
  }

  @Test
  void topologyShowsOneHealthyLeaderPartition() {
    var topology = client.newTopologyRequest().send().join();
    assertThat(topology.getClusterSize()).isEqualTo(1);
    assertThat(topology.getBrokers().getFirst().getPartitions().getFirst().isLeader()).isTrue();
  }

  @Test
  void workerCompletesAnInstanceAwaitedWithResult() {
    client
        .newDeployResourceCommand()
        .addProcessModel(
            Bpmn.createExecutableProcess("greet")
                .startEvent()
                .serviceTask("hello", t -> t.zeebeJobType("hello"))
                .endEvent()
                .done(),
            "greet.bpmn")
        .send()
        .join();
    try (var worker =
        client
            .newWorker()
            .jobType("hello")
            .handler(
                (jobClient, job) ->
                    jobClient
                        .newCompleteCommand(job.getKey())
                        .variables(Map.of("greeting", "hi " + job.getVariablesAsMap().get("name")))
                        .send()
                        .join())
            .open()) {
      var result =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("greet")
              .latestVersion()
              .variables(Map.of("name", "ada"))
              .withResult()
              .requestTimeout(Duration.ofSeconds(20))
              .send()
              .join();
      assertThat(result.getVariablesAsMap()).containsEntry("greeting", "hi ada");
    }
  }

  @Test
  void unknownJobIsNotFound() {
    assertThatThrownBy(() -> client.newCompleteCommand(42L).send().join())
        .isInstanceOf(ClientStatusException.class)
        .satisfies(
            e ->
                assertThat(((ClientStatusException) e).getStatusCode())
                    .isEqualTo(Status.Code.NOT_FOUND))
        .hasMessageContaining("no such job");
  }
}
