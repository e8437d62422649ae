package dev.millrace.platform.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.PlatformTest;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** The default mode: the engine runs in the platform, and the starter's client talks to it. */
@PlatformTest
class EmbeddedEngineTest {

  @Autowired TestRestTemplate http;
  @Autowired CamundaClient client;

  @Test
  void healthIsUpWithTheEngineAndTheClient() {
    JsonNode open = new Api(http).as(null).get("/actuator/health").expect(200).body();
    assertThat(open.get("status").asText()).isEqualTo("UP");
    assertThat(open.has("components")).as("details only for admins").isFalse();

    JsonNode detailed = new Api(http).get("/actuator/health").expect(200).body();
    assertThat(detailed.at("/components/engine/status").asText()).isEqualTo("UP");
    assertThat(detailed.at("/components/engine/details/mode").asText()).isEqualTo("embedded");
    assertThat(detailed.at("/components/camundaClient/status").asText()).isEqualTo("UP");
    assertThat(detailed.at("/components/db/status").asText()).isEqualTo("UP");
    new Api(http).as(null).get("/actuator/health/readiness").expect(200);
  }

  @Test
  void modelsOnTheClasspathAreDeployedAndRunThroughTheStartersClient() {
    // src/test/resources/bpmn/platform-hook-check.bpmn, deployed by ProcessModelDeployer.
    var worker =
        client
            .newWorker()
            .jobType("platform-hook-check")
            .handler(
                (jobs, job) ->
                    jobs.newCompleteCommand(job).variables(Map.of("checked", true)).send().join())
            .open();
    try {
      var result =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("platform-hook-check")
              .latestVersion()
              .withResult()
              .requestTimeout(Duration.ofSeconds(30))
              .send()
              .join();
      assertThat(result.getVariablesAsMap()).containsEntry("checked", true);
    } finally {
      worker.close();
    }
  }

  @Test
  void prometheusExposesTheEnginesMetrics() {
    var response = http.getForEntity("/actuator/prometheus", String.class);
    assertThat(response.getStatusCode().value()).isEqualTo(200);
    assertThat(response.getBody())
        .contains("millrace_engine_process_instances")
        .contains("millrace_engine_processing_latency")
        .contains("http_server_requests");
  }
}
