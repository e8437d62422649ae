package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivateJobsResponse;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.grpc.Status.Code;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ActivateJobs: what an activated job carries, maxJobsToActivate, fetchVariable, the worker name,
 * long polling within requestTimeout, and the activation timeout after which a job is handed out
 * again with its retries unchanged.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (ActivateJobs), components/concepts/job-workers
 * (long polling, timeouts).
 */
@Tag("job-activation")
public abstract class JobActivationSuite extends ConformanceSuite {

  private long deployOneTaskProcess() {
    return deploy(
            Bpmn.createExecutableProcess(id)
                .startEvent("start")
                .serviceTask(
                    "task",
                    t ->
                        t.zeebeJobType(id("job"))
                            .zeebeTaskHeader("method", "VISA")
                            .zeebeInputExpression("orderId", "localOrderId"))
                .endEvent("end")
                .done())
        .getProcesses()
        .getFirst()
        .getProcessDefinitionKey();
  }

  private List<ActivatedJob> activateWithTimeout(Duration jobTimeout, String worker) {
    return client
        .newActivateJobsCommand()
        .jobType(id("job"))
        .maxJobsToActivate(1)
        .workerName(worker)
        .timeout(jobTimeout)
        .requestTimeout(Duration.ofSeconds(1))
        .send()
        .join()
        .getJobs();
  }

  @Test
  void activatedJobCarriesItsTaskContext() {
    long definitionKey = deployOneTaskProcess();
    long instance = start(id, Map.of("orderId", "o-1", "amount", 12));

    ActivatedJob job = awaitJob(id("job"));

    assertThat(job.getKey()).isPositive();
    assertThat(job.getType()).isEqualTo(id("job"));
    assertThat(job.getProcessInstanceKey()).isEqualTo(instance);
    assertThat(job.getBpmnProcessId()).isEqualTo(id);
    assertThat(job.getProcessDefinitionVersion()).isEqualTo(1);
    assertThat(job.getProcessDefinitionKey()).isEqualTo(definitionKey);
    assertThat(job.getElementId()).isEqualTo("task");
    assertThat(job.getElementInstanceKey()).isPositive().isNotEqualTo(instance);
    assertThat(job.getWorker()).isEqualTo(WORKER);
    assertThat(job.getRetries()).as("default retries").isEqualTo(3);
    assertThat(job.getDeadline()).isPositive();
    assertThat(job.getCustomHeaders()).isEqualTo(Map.of("method", "VISA"));
    assertThat(job.getVariablesAsMap())
        .as("all variables visible to the task, its local ones included")
        .isEqualTo(Map.of("orderId", "o-1", "amount", 12, "localOrderId", "o-1"));
  }

  @Test
  void noMoreThanMaxJobsToActivateAreHandedOut() {
    deployOneTaskProcess();
    List<Long> instances = List.of(start(id), start(id), start(id));
    instances.forEach(instance -> awaitActive(instance, "task"));

    List<ActivatedJob> firstBatch = activate(id("job"), 2);
    List<ActivatedJob> rest = activate(id("job"), 5);

    assertThat(firstBatch).hasSize(2);
    assertThat(rest).hasSize(1);
    assertThat(firstBatch.stream().map(ActivatedJob::getProcessInstanceKey))
        .doesNotContain(rest.getFirst().getProcessInstanceKey());
  }

  @Test
  void onlyTheFetchedVariablesAreHandedOut() {
    deployOneTaskProcess();
    start(id, Map.of("orderId", "o-1", "amount", 12, "customer", "Ada"));

    ActivatedJob job =
        await()
            .until(
                () ->
                    client
                        .newActivateJobsCommand()
                        .jobType(id("job"))
                        .maxJobsToActivate(1)
                        .workerName(WORKER)
                        .fetchVariables("amount", "customer")
                        .requestTimeout(Duration.ofSeconds(1))
                        .send()
                        .join()
                        .getJobs(),
                jobs -> !jobs.isEmpty())
            .getFirst();

    assertThat(job.getVariablesAsMap()).isEqualTo(Map.of("amount", 12, "customer", "Ada"));
  }

  @Test
  void longPollingAnswersAsSoonAsAJobIsCreated() {
    deployOneTaskProcess();
    CamundaFuture<ActivateJobsResponse> waiting =
        client
            .newActivateJobsCommand()
            .jobType(id("job"))
            .maxJobsToActivate(1)
            .workerName(WORKER)
            .requestTimeout(PATIENCE)
            .send();

    long instance = start(id);

    List<ActivatedJob> jobs = waiting.join().getJobs();
    assertThat(jobs).hasSize(1);
    assertThat(jobs.getFirst().getProcessInstanceKey()).isEqualTo(instance);
  }

  @Test
  void longPollingAnswersEmptyWhenTheRequestTimeoutPasses() {
    deployOneTaskProcess();
    long started = System.nanoTime();

    List<ActivatedJob> jobs =
        client
            .newActivateJobsCommand()
            .jobType(id("job"))
            .maxJobsToActivate(1)
            .workerName(WORKER)
            .requestTimeout(Duration.ofSeconds(3))
            .send()
            .join()
            .getJobs();

    Duration waited = Duration.ofNanos(System.nanoTime() - started);
    assertThat(jobs).isEmpty();
    // Long polling held the request open for about its requestTimeout, not the 10 s default.
    assertThat(waited).isBetween(Duration.ofMillis(2500), Duration.ofSeconds(9));
  }

  @Test
  void activatedJobIsNotHandedOutAgainBeforeItsTimeout() {
    deployOneTaskProcess();
    start(id);
    await().until(() -> activateWithTimeout(Duration.ofMinutes(10), WORKER), j -> !j.isEmpty());

    engine.increaseTime(Duration.ofMinutes(5));

    assertNoJobDuringQuietPeriod(id("job"));
  }

  @Test
  void timedOutJobIsHandedOutAgainWithItsRetriesUnchanged() {
    deployOneTaskProcess();
    start(id);
    ActivatedJob first =
        await()
            .until(
                () -> activateWithTimeout(Duration.ofMinutes(10), "first-worker"),
                j -> !j.isEmpty())
            .getFirst();

    engine.increaseTime(Duration.ofMinutes(11));

    ActivatedJob again =
        await()
            .until(
                () -> activateWithTimeout(Duration.ofMinutes(10), "second-worker"),
                j -> !j.isEmpty())
            .getFirst();
    assertThat(again.getKey()).isEqualTo(first.getKey());
    assertThat(again.getWorker()).isEqualTo("second-worker");
    assertThat(again.getRetries()).isEqualTo(first.getRetries()).isEqualTo(3);
  }

  @Test
  void onlyTheFirstOfTwoWorkersHoldingATimedOutJobCanCompleteIt() {
    deployOneTaskProcess();
    long instance = start(id);
    ActivatedJob staleCopy =
        await()
            .until(
                () -> activateWithTimeout(Duration.ofMinutes(10), "slow-worker"), j -> !j.isEmpty())
            .getFirst();
    engine.increaseTime(Duration.ofMinutes(11));
    ActivatedJob freshCopy =
        await()
            .until(
                () -> activateWithTimeout(Duration.ofMinutes(10), "fast-worker"), j -> !j.isEmpty())
            .getFirst();

    complete(freshCopy);
    Rejection late = Rejection.of(() -> complete(staleCopy));

    assertThat(late.code()).isEqualTo(Code.NOT_FOUND);
    awaitCompleted(instance);
  }
}
