package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.IncidentView;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CompleteJob, FailJob and UpdateJobRetries: variables merged on completion, retries and retry
 * back-off on failure, the JOB_NO_RETRIES incident when retries run out, and how updating retries
 * plus resolving the incident lets the instance continue.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (CompleteJob, FailJob, UpdateJobRetries),
 * components/concepts/job-workers (completing or failing jobs).
 */
@Tag("job-lifecycle")
public abstract class JobLifecycleSuite extends ConformanceSuite {

  private long startOneTaskProcess(Map<String, Object> variables) {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent("start")
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent("end")
            .done());
    return start(id, variables);
  }

  private void fail(ActivatedJob job, int retries, String message) {
    client.newFailCommand(job.getKey()).retries(retries).errorMessage(message).send().join();
  }

  @Test
  void completionVariablesAreMergedIntoTheInstance() {
    long instance = startOneTaskProcess(Map.of("orderId", "o-1"));

    completeNextJob(id("job"), Map.of("paid", true, "amount", 12));

    awaitCompleted(instance);
    Map<String, Object> expected = Map.of("orderId", "o-1", "paid", true, "amount", 12);
    assertThat(awaitVariables(instance, expected)).isEqualTo(expected);
    awaitPath(instance, "start", "task", "end");
  }

  @Test
  void completingAnUnknownJobIsNotFound() {
    Rejection rejection =
        Rejection.of(() -> client.newCompleteCommand(2251799813999999L).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
    assertThat(rejection.description()).contains("2251799813999999");
  }

  @Test
  void completingAJobTwiceIsNotFoundTheSecondTime() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = completeNextJob(id("job"), Map.of());

    Rejection rejection = Rejection.of(() -> complete(job));

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }

  @Test
  void failedJobWithRetriesLeftIsHandedOutAgainWithThoseRetries() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));

    fail(job, 2, "temporarily down");

    ActivatedJob retried = awaitJob(id("job"));
    assertThat(retried.getKey()).isEqualTo(job.getKey());
    assertThat(retried.getRetries()).isEqualTo(2);
  }

  @Test
  void retryBackOffDelaysTheNextActivation() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));

    client
        .newFailCommand(job.getKey())
        .retries(2)
        .retryBackoff(Duration.ofHours(1))
        .errorMessage("back off")
        .send()
        .join();

    assertNoJobDuringQuietPeriod(id("job"));
    engine.increaseTime(Duration.ofMinutes(61));
    ActivatedJob retried = awaitJob(id("job"));
    assertThat(retried.getKey()).isEqualTo(job.getKey());
    assertThat(retried.getRetries()).isEqualTo(2);
  }

  @Test
  void failingWithVariablesSetsThemOnTheTaskScopeOnly() {
    long instance = startOneTaskProcess(Map.of("orderId", "o-1"));
    ActivatedJob job = awaitJob(id("job"));

    client
        .newFailCommand(job.getKey())
        .retries(1)
        .errorMessage("partly done")
        .variables(Map.of("progress", 50))
        .send()
        .join();

    ActivatedJob retried = awaitJob(id("job"));
    assertThat(retried.getVariablesAsMap()).containsEntry("progress", 50);
    assertThat(inspector.variables(instance)).doesNotContainKey("progress");
    complete(retried);
    awaitCompleted(instance);
    assertThat(awaitVariables(instance, Map.of("orderId", "o-1")))
        .isEqualTo(Map.of("orderId", "o-1"));
  }

  @Test
  void failingWithNoRetriesLeftRaisesAJobNoRetriesIncident() {
    long instance = startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));

    fail(job, 0, "payment service unreachable");

    IncidentView incident = awaitIncident(instance);
    assertThat(incident.errorType()).isEqualTo("JOB_NO_RETRIES");
    assertThat(incident.elementId()).isEqualTo("task");
    assertThat(incident.jobKey()).isEqualTo(job.getKey());
    assertThat(incident.errorMessage()).isEqualTo("payment service unreachable");
    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void completingAJobThatRanOutOfRetriesIsFailedPrecondition() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));
    fail(job, 0, "gave up");

    Rejection rejection = Rejection.of(() -> complete(job));

    assertThat(rejection.code()).isEqualTo(Code.FAILED_PRECONDITION);
  }

  @Test
  void failingAJobThatRanOutOfRetriesAgainIsFailedPrecondition() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));
    fail(job, 0, "gave up");

    Rejection rejection = Rejection.of(() -> fail(job, 0, "gave up again"));

    assertThat(rejection.code()).isEqualTo(Code.FAILED_PRECONDITION);
  }

  @Test
  void updatingRetriesAndResolvingTheIncidentLetsTheInstanceContinue() {
    long instance = startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));
    fail(job, 0, "gave up");
    IncidentView incident = awaitIncident(instance);

    client.newUpdateRetriesCommand(job.getKey()).retries(2).send().join();
    client.newResolveIncidentCommand(incident.key()).send().join();

    ActivatedJob retried = awaitJob(id("job"));
    assertThat(retried.getKey()).isEqualTo(job.getKey());
    assertThat(retried.getRetries()).isEqualTo(2);
    complete(retried);
    awaitCompleted(instance);
    awaitNoIncident(instance);
  }

  @Test
  void updatingRetriesToZeroIsInvalidArgument() {
    startOneTaskProcess(Map.of());
    ActivatedJob job = awaitJob(id("job"));

    Rejection rejection =
        Rejection.of(() -> client.newUpdateRetriesCommand(job.getKey()).retries(0).send().join());

    assertThat(rejection.code()).isEqualTo(Code.INVALID_ARGUMENT);
  }

  @Test
  void updatingRetriesOfAnUnknownJobIsNotFound() {
    Rejection rejection =
        Rejection.of(
            () -> client.newUpdateRetriesCommand(2251799813999999L).retries(3).send().join());

    assertThat(rejection.code()).isEqualTo(Code.NOT_FOUND);
  }
}
