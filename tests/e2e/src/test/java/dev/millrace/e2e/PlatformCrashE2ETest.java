package dev.millrace.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's promise: a restart loses nothing. The platform is SIGKILLed in the middle of a
 * training; started again on the same data directory, the run either resumes from its checkpoint
 * and finishes, or fails cleanly with its credits released. Either way the ledger balances.
 */
class PlatformCrashE2ETest {

  @TempDir Path work;

  @Test
  void killingThePlatformMidTrainingLosesNothing() {
    Path data = work.resolve("data");
    var platform = new PlatformProcess(data).start();
    JsonNode before;
    String path;
    try {
      var user = new Scenario(platform).tenantWithCredits("crash", 100);
      String iris = user.upload("iris.csv");
      // Batches of one row: slow enough to kill it somewhere in the middle.
      JsonNode started =
          user.member
              .post("/api/v1/training-runs", Scenario.irisTraining(iris, 60, 1))
              .expect(201)
              .json();
      path = "/api/v1/training-runs/" + started.get("id").asText();
      before =
          Scenario.await(
              user.member,
              path,
              r ->
                  "running".equals(r.get("state").asText())
                      && r.at("/progress/currentEpoch").asInt() >= 5,
              r -> {},
              Duration.ofMinutes(3));
      System.out.printf(
          "[e2e] killing the platform at epoch %d of 60%n",
          before.at("/progress/currentEpoch").asInt());
      var children = platform.children();
      platform.kill();
      // Its children notice their parent is gone (stdin closes) and stop on their own.
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (children.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
        PlatformProcess.sleep(200);
      }
      assertThat(children.stream().filter(ProcessHandle::isAlive).toList())
          .as("orphans of the killed platform")
          .isEmpty();

      platform = new PlatformProcess(data).start();
      var again = new Scenario(platform);
      again.member = user.member.withKeyOn(platform.base());
      JsonNode after = Scenario.awaitRun(again.member, path, r -> {});
      System.out.printf(
          "[e2e] after the restart the run ended %s at epoch %d (%s)%n",
          after.get("state").asText(),
          after.at("/progress/currentEpoch").asInt(),
          after.get("failureMessage"));
      if ("succeeded".equals(after.get("state").asText())) {
        assertThat(after.at("/progress/currentEpoch").asInt()).isEqualTo(60);
        JsonNode version =
            again
                .member
                .get("/api/v1/model-versions/" + after.get("modelVersionId").asText())
                .expect(200)
                .json();
        assertThat(version.toString())
            .as("the model card says the training resumed")
            .contains("\"resumed\":true");
        JsonNode series = again.member.get(path + "/metrics").expect(200).json();
        assertThat(series.get("epochs").size())
            .as("epochs 1..60, none lost or repeated")
            .isEqualTo(60);
      } else {
        assertThat(after.get("state").asText()).isEqualTo("failed");
        assertThat(after.at("/credits/open").asBoolean()).isFalse();
      }
      again.tenantId = user.tenantId;
      again.assertLedgerBalanced(new BigDecimal(100));
    } finally {
      platform.close();
    }
  }
}
