package dev.millrace.conformance.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.conformance.engine.ProcessInstanceState;
import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.StreamJobsResponse;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * StreamActivatedJobs: jobs that become activatable are activated and pushed to an open stream with
 * the stream's worker name, timeout and fetch variables; a closed stream gets nothing more.
 *
 * <p>Docs: apis-tools/zeebe-api/gateway-service (StreamActivatedJobs), components/concepts/
 * job-workers (job streaming).
 */
@Tag("job-streaming")
public abstract class JobStreamingSuite extends ConformanceSuite {

  private void deployOneTaskProcess() {
    deploy(
        Bpmn.createExecutableProcess(id)
            .startEvent()
            .serviceTask("task", t -> t.zeebeJobType(id("job")))
            .endEvent()
            .done());
  }

  private CamundaFuture<StreamJobsResponse> openStream(
      List<ActivatedJob> received, String... fetchVariables) {
    var command =
        client
            .newStreamJobsCommand()
            .jobType(id("job"))
            .consumer(received::add)
            .workerName("streaming-worker")
            .timeout(Duration.ofMinutes(5));
    if (fetchVariables.length > 0) {
      command = command.fetchVariables(fetchVariables);
    }
    return command.send();
  }

  /**
   * A stream is registered asynchronously, and Zeebe pushes only jobs that become activatable after
   * that: keep creating instances until the stream receives one.
   */
  private ActivatedJob awaitPushedJob(List<ActivatedJob> received, Map<String, Object> variables) {
    List<Long> created = new ArrayList<>();
    await()
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              if (received.isEmpty()) {
                created.add(start(id, variables));
              }
              return !received.isEmpty();
            });
    ActivatedJob pushed = received.getFirst();
    assertThat(created).contains(pushed.getProcessInstanceKey());
    return pushed;
  }

  @Test
  void openStreamReceivesActivatedJobs() {
    deployOneTaskProcess();
    List<ActivatedJob> received = new CopyOnWriteArrayList<>();
    CamundaFuture<StreamJobsResponse> stream = openStream(received);
    try {
      ActivatedJob pushed = awaitPushedJob(received, Map.of("orderId", "o-1"));

      assertThat(pushed.getType()).isEqualTo(id("job"));
      assertThat(pushed.getWorker()).isEqualTo("streaming-worker");
      assertThat(pushed.getBpmnProcessId()).isEqualTo(id);
      assertThat(pushed.getRetries()).isEqualTo(3);
      assertThat(pushed.getVariablesAsMap()).isEqualTo(Map.of("orderId", "o-1"));

      complete(pushed);
      awaitCompleted(pushed.getProcessInstanceKey());
    } finally {
      stream.cancel(true);
    }
  }

  @Test
  void streamHandsOutOnlyItsFetchVariables() {
    deployOneTaskProcess();
    List<ActivatedJob> received = new CopyOnWriteArrayList<>();
    CamundaFuture<StreamJobsResponse> stream = openStream(received, "amount");
    try {
      ActivatedJob pushed = awaitPushedJob(received, Map.of("orderId", "o-1", "amount", 12));

      assertThat(pushed.getVariablesAsMap()).isEqualTo(Map.of("amount", 12));
    } finally {
      stream.cancel(true);
    }
  }

  @Test
  void pushedJobIsNotActivatableByPollingUntilItTimesOut() {
    deployOneTaskProcess();
    List<ActivatedJob> received = new CopyOnWriteArrayList<>();
    CamundaFuture<StreamJobsResponse> stream = openStream(received);
    ActivatedJob pushed;
    try {
      pushed = awaitPushedJob(received, Map.of());
    } finally {
      stream.cancel(true);
    }
    received.stream().filter(job -> job.getKey() != pushed.getKey()).forEach(this::complete);

    List<Long> polled = drainPolledJobs();

    assertThat(polled)
        .as("a pushed job is activated, not activatable")
        .doesNotContain(pushed.getKey());
    engine.increaseTime(Duration.ofMinutes(6));

    ActivatedJob again = awaitJob(id("job"));
    assertThat(again.getKey()).isEqualTo(pushed.getKey());
  }

  @Test
  void closedStreamReceivesNothingMoreAndJobsWaitForPolling() {
    deployOneTaskProcess();
    List<ActivatedJob> received = new CopyOnWriteArrayList<>();
    CamundaFuture<StreamJobsResponse> stream = openStream(received);
    ActivatedJob pushed = awaitPushedJob(received, Map.of());
    stream.cancel(true);
    int receivedWhileOpen = received.size();
    drainPolledJobs();

    long later = start(id);

    ActivatedJob polled = awaitJob(id("job"));
    assertThat(polled.getProcessInstanceKey()).isEqualTo(later);
    assertThat(received).hasSize(receivedWhileOpen);
    assertThat(pushed.getProcessInstanceKey()).isNotEqualTo(later);
  }

  @Test
  void streamingJobWorkerCompletesEveryJob() {
    deployOneTaskProcess();
    // A poll interval this long leaves the stream as the way jobs reach the worker.
    try (JobWorker worker =
        client
            .newWorker()
            .jobType(id("job"))
            .handler((jobClient, job) -> jobClient.newCompleteCommand(job).send().join())
            .name("streaming-job-worker")
            .streamEnabled(true)
            .pollInterval(Duration.ofHours(1))
            .open()) {
      assertThat(worker.isOpen()).isTrue();
      List<Long> instances = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        instances.add(start(id));
      }

      instances.forEach(this::awaitCompleted);
      instances.forEach(
          instance ->
              assertThat(inspector.state(instance)).isEqualTo(ProcessInstanceState.COMPLETED));
    }
  }

  /**
   * Activates and completes, by polling, every activatable job of the type, such as those of
   * instances created while the stream was registering; returns their keys.
   */
  private List<Long> drainPolledJobs() {
    List<Long> keys = new ArrayList<>();
    List<ActivatedJob> batch;
    do {
      batch = activate(id("job"), 100);
      batch.forEach(
          job -> {
            keys.add(job.getKey());
            complete(job);
          });
    } while (!batch.isEmpty());
    return keys;
  }
}
