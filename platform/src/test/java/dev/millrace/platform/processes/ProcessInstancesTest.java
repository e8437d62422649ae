package dev.millrace.platform.processes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.platform.testing.PlatformTest;
import io.camunda.client.CamundaClient;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/**
 * /api/v1/process-instances from the embedded engine's history: a user flow's state, current
 * element, variables and incident, tenant-scoped, and an incident retried through the API.
 */
@PlatformTest
class ProcessInstancesTest {

  @Autowired TestRestTemplate http;
  @Autowired CamundaClient client;

  @Test
  void aJobIncidentIsShownToItsTenantAndRetriedThroughTheApi() {
    Api admin = new Api(http);
    TenantFixture tenant = admin.newTenant();
    Api member = admin.as(tenant.key());
    Api stranger = admin.as(admin.newTenant().key());

    AtomicInteger calls = new AtomicInteger();
    var worker =
        client
            .newWorker()
            .jobType("incident-check-flaky")
            .handler(
                (jobs, job) -> {
                  if (calls.incrementAndGet() == 1) {
                    jobs.newFailCommand(job)
                        .retries(0)
                        .errorMessage("the flaky step broke")
                        .send()
                        .join();
                  } else {
                    jobs.newCompleteCommand(job).variables(Map.of("fixed", true)).send().join();
                  }
                })
            .open();
    try {
      long key =
          client
              .newCreateInstanceCommand()
              .bpmnProcessId("incident-check")
              .latestVersion()
              .variables(
                  Map.of(
                      "tenantId",
                      tenant.id().toString(),
                      "order",
                      42,
                      "jobType",
                      "incident-check-flaky"))
              .send()
              .join()
              .getProcessInstanceKey();
      String path = "/api/v1/process-instances/" + key;

      JsonNode stuck = await(member, path, i -> i.get("incidents").size() == 1);
      assertThat(stuck.at("/instance/state").asText()).isEqualTo("ACTIVE");
      assertThat(stuck.at("/instance/kind").asText()).isEqualTo("user-flow");
      assertThat(stuck.at("/instance/activeIncidents").asInt()).isEqualTo(1);
      assertThat(stuck.at("/variables/order").asInt()).isEqualTo(42);
      assertThat(stuck.get("currentElements").findValuesAsText("elementId"))
          .containsExactly("flaky-step");
      JsonNode incident = stuck.at("/incidents/0");
      assertThat(incident.get("state").asText()).isEqualTo("ACTIVE");
      assertThat(incident.get("errorType").asText()).isEqualTo("JOB_NO_RETRIES");
      assertThat(incident.get("errorMessage").asText()).isEqualTo("the flaky step broke");
      assertThat(incident.get("jobKey").asLong()).isPositive();
      String retry = path + "/incidents/" + incident.get("incidentKey").asText() + "/retry";

      stranger.get(path).problem(404);
      stranger.post(retry, Map.of()).problem(404);
      assertThat(
              stranger
                  .get("/api/v1/process-instances?kind=user-flow")
                  .expect(200)
                  .body()
                  .get("items")
                  .findValuesAsText("processInstanceKey"))
          .doesNotContain(Long.toString(key));
      assertThat(
              member
                  .get("/api/v1/process-instances?kind=user-flow")
                  .expect(200)
                  .body()
                  .get("items")
                  .findValuesAsText("processInstanceKey"))
          .containsExactly(Long.toString(key));
      assertThat(
              member
                  .get("/api/v1/process-instances?kind=lifecycle")
                  .expect(200)
                  .body()
                  .get("totalItems")
                  .asInt())
          .isZero();

      JsonNode retried = member.post(retry, Map.of("retries", 2)).expect(202).body();
      assertThat(retried.get("jobKey").asLong()).isEqualTo(incident.get("jobKey").asLong());
      assertThat(retried.get("retries").asInt()).isEqualTo(2);

      JsonNode done =
          await(member, path, i -> "COMPLETED".equals(i.at("/instance/state").asText()));
      assertThat(done.at("/incidents/0/state").asText()).isEqualTo("RESOLVED");
      assertThat(done.at("/instance/activeIncidents").asInt()).isZero();
      assertThat(done.at("/variables/fixed").asBoolean()).isTrue();
      assertThat(done.get("currentElements")).isEmpty();
      assertThat(calls.get()).isEqualTo(2);
      assertThat(member.post(retry, Map.of()).problem(409).get("type").asText())
          .endsWith("incident-resolved");
    } finally {
      worker.close();
    }
  }

  @Test
  void anInstanceWithoutATenantIsTheAdminsAlone() {
    Api admin = new Api(http);
    long key =
        client
            .newCreateInstanceCommand()
            .bpmnProcessId("incident-check")
            .latestVersion()
            .variables(Map.of("jobType", "incident-check-unworked"))
            .send()
            .join()
            .getProcessInstanceKey();
    String path = "/api/v1/process-instances/" + key;
    JsonNode seen = await(admin, path, i -> i.get("currentElements").size() == 1);
    assertThat(seen.at("/instance/tenantId").isNull()).isTrue();
    admin.as(admin.newTenant().key()).get(path).problem(404);
    client.newCancelInstanceCommand(key).send().join();
    assertThat(
            await(admin, path, i -> "TERMINATED".equals(i.at("/instance/state").asText()))
                .at("/instance/endedAt")
                .isNull())
        .isFalse();
  }

  private static JsonNode await(Api api, String path, Predicate<JsonNode> done) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    JsonNode last = null;
    while (Instant.now().isBefore(deadline)) {
      var response = api.get(path);
      if (response.status().value() == 200) {
        last = response.body();
        if (done.test(last)) {
          return last;
        }
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    throw new AssertionError("timed out on " + path + "; last: " + last);
  }
}
