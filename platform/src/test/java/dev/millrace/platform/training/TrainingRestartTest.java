package dev.millrace.platform.training;

import static dev.millrace.platform.training.Runs.irisTraining;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.MillraceApplication;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import java.nio.file.Path;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.boot.web.client.RestTemplateBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A platform stopped while runs train, and started again on the same data: a run whose work can go
 * on resumes from its checkpoint and finishes; one that cannot (its dataset was deleted meanwhile)
 * fails cleanly and its credits are released.
 */
class TrainingRestartTest {

  @TempDir Path dataDir;

  @Test
  void runsResumeAfterARestartOrFailWithTheirCreditsReleased() {
    String resumable;
    String orphaned;
    TenantFixture tenant;
    try (ConfigurableApplicationContext first = start()) {
      Api admin = api(first);
      tenant = admin.newTenant();
      Api member = admin.as(tenant.key());
      Runs.grant(admin, tenant.id(), 50);
      UUID kept = Runs.upload(member, "iris.csv", Runs.iris());
      UUID doomed = Runs.upload(member, "iris-copy.csv", Runs.iris());
      resumable =
          member
              .post("/api/v1/training-runs", irisTraining(kept, Runs.slow(60)))
              .expect(201)
              .body()
              .get("id")
              .asText();
      orphaned =
          member
              .post("/api/v1/training-runs", irisTraining(doomed, Runs.slow(1000)))
              .expect(201)
              .body()
              .get("id")
              .asText();
      Runs.await(
          member,
          "/api/v1/training-runs/" + resumable,
          r -> r.at("/progress/currentEpoch").asInt() >= 2,
          r -> {},
          Runs.minutes(2));
      // Compute asked for: the restart must start it again (or fail it).
      Runs.await(
          member,
          "/api/v1/training-runs/" + orphaned,
          r -> Set.of("starting", "running").contains(r.get("state").asText()),
          r -> {},
          Runs.minutes(2));
      member.delete("/api/v1/datasets/" + doomed).expect(204);
    }

    try (ConfigurableApplicationContext second = start()) {
      Api member = api(second).as(tenant.key());
      JsonNode resumed = Runs.awaitFinal(member, "/api/v1/training-runs/" + resumable);
      assertThat(resumed.get("state").asText()).as("run %s", resumed).isEqualTo("succeeded");
      assertThat(resumed.at("/progress/currentEpoch").asInt()).isEqualTo(60);
      JsonNode version =
          member
              .get("/api/v1/model-versions/" + resumed.get("modelVersionId").asText())
              .expect(200)
              .body();
      assertThat(version.at("/modelCard/training/resumed").asBoolean())
          .as("trained on from its checkpoint")
          .isTrue();
      assertThat(
              member
                  .get("/api/v1/training-runs/" + resumable + "/metrics")
                  .expect(200)
                  .body()
                  .get("epochs")
                  .findValues("epoch")
                  .stream()
                  .map(JsonNode::asInt)
                  .toList())
          .containsExactlyElementsOf(IntStream.rangeClosed(1, 60).boxed().toList());
      Runs.assertSettled(resumed);

      JsonNode failed = Runs.awaitFinal(member, "/api/v1/training-runs/" + orphaned);
      assertThat(failed.get("state").asText()).isEqualTo("failed");
      assertThat(failed.get("failureMessage").asText())
          .contains("could not resume after a platform restart")
          .contains("dataset");
      assertThat(Runs.credits(failed, "charged")).isEqualByComparingTo("0");
      Runs.assertSettled(failed);
      assertThat(member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body())
          .isEmpty();
    }
  }

  private ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(MillraceApplication.class)
        .run(
            "--server.port=0",
            "--millrace.engine.grpc-port=0",
            "--millrace.data-dir=" + dataDir,
            "--millrace.bootstrap-api-key=" + Api.ADMIN_KEY);
  }

  private static Api api(ConfigurableApplicationContext app) {
    String port = app.getEnvironment().getProperty("local.server.port");
    return new Api(
        new TestRestTemplate(new RestTemplateBuilder().rootUri("http://127.0.0.1:" + port)));
  }
}
