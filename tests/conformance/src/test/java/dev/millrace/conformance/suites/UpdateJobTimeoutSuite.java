package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * UpdateJobTimeout: the new deadline is now plus the given timeout, so it can extend or shorten the
 * activation.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (UpdateJobTimeout), components/concepts/
 * job-workers (timeout update).
 */
@Tag("job-timeout")
public abstract class UpdateJobTimeoutSuite extends ConformanceSuite {

  private ActivatedJob activateOnce(Duration timeout) {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
    start(id);
    return await()
        .until(
            () ->
                client
                    .newActivateJobsCommand()
                    .jobType(id("job"))
                    .maxJobsToActivate(1)
                    .workerName(WORKER)
                    .timeout(timeout)
                    .requestTimeout(Duration.ofSeconds(1))
                    .send()
                    .join()
                    .getJobs(),
            jobs -> !jobs.isEmpty())
        .getFirst();
  }

  @Test
  void extendedTimeoutKeepsTheJobActivatedPastItsFirstDeadline() {
    ActivatedJob job = activateOnce(Duration.ofMinutes(5));

    client.newUpdateTimeoutCommand(job.getKey()).timeout(Duration.ofMinutes(60)).send().join();
    engine.increaseTime(Duration.ofMinutes(10));

    assertNoJobDuringQuietPeriod(id("job"));
    engine.increaseTime(Duration.ofMinutes(55));
    assertThat(awaitJob(id("job")).getKey()).isEqualTo(job.getKey());
  }

  @Test
  void shortenedTimeoutHandsTheJobOutAgainSooner() {
    ActivatedJob job = activateOnce(Duration.ofMinutes(60));

    client.newUpdateTimeoutCommand(job.getKey()).timeout(Duration.ofMinutes(1)).send().join();
    engine.increaseTime(Duration.ofMinutes(2));

    assertThat(awaitJob(id("job")).getKey()).isEqualTo(job.getKey());
  }

  @Test
  void updatingTheTimeoutOfAnUnknownJobIsNotFound() {
    Rejection rejection =
        Rejection.of(
            () ->
                client
                    .newUpdateTimeoutCommand(2251799813999999L)
                    .timeout(Duration.ofMinutes(1))
                    .send()
                    .join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
