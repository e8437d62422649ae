package dev.millrace.bpmn;

import static org.awaitility.Awaitility.await;

import dev.millrace.engine.MillraceEngine;
import dev.millrace.engine.clock.ControlledClock;
import dev.millrace.engine.export.Exporter;
import dev.millrace.engine.record.BpmnElementType;
import dev.millrace.engine.record.ProcessInstanceIntent;
import dev.millrace.engine.record.Record;
import dev.millrace.engine.record.value.ProcessInstanceRecord;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.worker.JobWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * The lifecycle processes on the embedded engine, with scripted workers standing in for the
 * platform: each job type answers as the test says, and every call is recorded in order.
 */
final class ProcessTestEngine implements AutoCloseable {

  /** What a scripted worker does with a job. */
  sealed interface Answer {
    record Complete(Map<String, Object> variables) implements Answer {}

    record Error(String code, String message) implements Answer {}
  }

  static Answer complete(Map<String, Object> variables) {
    return new Answer.Complete(variables);
  }

  static Answer complete() {
    return new Answer.Complete(Map.of());
  }

  static Answer error(String code) {
    return new Answer.Error(code, code + " (scripted)");
  }

  /** A job a scripted worker handled. */
  record Call(
      String type, String elementId, Map<String, Object> variables, Map<String, String> headers) {}

  final ControlledClock clock = ControlledClock.startingNow();
  final List<Call> calls = new CopyOnWriteArrayList<>();
  private final List<Record> records = new CopyOnWriteArrayList<>();
  private final Map<String, Function<ActivatedJob, Answer>> script = new ConcurrentHashMap<>();
  private final List<JobWorker> workers = new ArrayList<>();
  private final Path dataDir;
  private final MillraceEngine engine;
  final CamundaClient client;

  ProcessTestEngine() {
    try {
      dataDir = Files.createTempDirectory("millrace-process-test");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Exporter collect = records::add;
    engine =
        MillraceEngine.builder()
            .dataDirectory(dataDir)
            .grpcPort(0)
            .clock(clock)
            .exporter("test", collect)
            .build()
            .start();
    client =
        CamundaClient.newClientBuilder()
            .grpcAddress(engine.grpcAddress())
            .preferRestOverGrpc(false)
            .defaultRequestTimeout(Duration.ofSeconds(10))
            .build();
    var deploy =
        client.newDeployResourceCommand().addResourceFromClasspath("bpmn/train-model.bpmn");
    for (String name :
        List.of("fine-tune-model", "deploy-model", "monitor-endpoint", "undeploy-model")) {
      deploy = deploy.addResourceFromClasspath("bpmn/" + name + ".bpmn");
    }
    deploy.send().join();
  }

  /** Scripts how jobs of {@code type} are answered (replacing any earlier script). */
  ProcessTestEngine on(String type, Function<ActivatedJob, Answer> answer) {
    boolean first = script.put(type, answer) == null;
    if (first) {
      workers.add(
          client
              .newWorker()
              .jobType(type)
              .handler(
                  (jobClient, job) -> {
                    calls.add(
                        new Call(
                            type,
                            job.getElementId(),
                            job.getVariablesAsMap(),
                            job.getCustomHeaders()));
                    switch (script.get(type).apply(job)) {
                      case Answer.Complete c ->
                          jobClient
                              .newCompleteCommand(job.getKey())
                              .variables(c.variables())
                              .send()
                              .join();
                      case Answer.Error e ->
                          jobClient
                              .newThrowErrorCommand(job.getKey())
                              .errorCode(e.code())
                              .errorMessage(e.message())
                              .send()
                              .join();
                    }
                  })
              .pollInterval(Duration.ofMillis(50))
              .open());
    }
    return this;
  }

  ProcessTestEngine on(String type, Answer answer) {
    return on(type, job -> answer);
  }

  long start(String processId, Map<String, Object> variables) {
    return client
        .newCreateInstanceCommand()
        .bpmnProcessId(processId)
        .latestVersion()
        .variables(variables)
        .send()
        .join()
        .getProcessInstanceKey();
  }

  void publish(String name, String correlationKey, Map<String, Object> variables) {
    client
        .newPublishMessageCommand()
        .messageName(name)
        .correlationKey(correlationKey)
        .timeToLive(Duration.ofMinutes(10))
        .variables(variables)
        .send()
        .join();
  }

  List<String> typesCalled() {
    return calls.stream().map(Call::type).toList();
  }

  Call lastCall(String type) {
    return calls.stream()
        .filter(c -> c.type().equals(type))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no job of type " + type + " in " + typesCalled()));
  }

  /** Element ids the instance completed, in order. */
  List<String> completed(long processInstanceKey) {
    return records.stream()
        .filter(r -> r.intent() == ProcessInstanceIntent.ELEMENT_COMPLETED)
        .map(r -> (ProcessInstanceRecord) r.value())
        .filter(v -> v.processInstanceKey() == processInstanceKey)
        .map(ProcessInstanceRecord::elementId)
        .toList();
  }

  boolean isActive(long processInstanceKey, String elementId) {
    var active = new java.util.HashSet<Long>();
    for (var r : records) {
      if (r.value() instanceof ProcessInstanceRecord v
          && v.processInstanceKey() == processInstanceKey
          && v.elementId().equals(elementId)) {
        if (r.intent() == ProcessInstanceIntent.ELEMENT_ACTIVATED) {
          active.add(r.key());
        } else if (r.intent() == ProcessInstanceIntent.ELEMENT_COMPLETED
            || r.intent() == ProcessInstanceIntent.ELEMENT_TERMINATED) {
          active.remove(r.key());
        }
      }
    }
    return !active.isEmpty();
  }

  /** Waits until the instance has completed; returns its completed element ids. */
  List<String> awaitCompleted(long processInstanceKey) {
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                records.stream()
                    .anyMatch(
                        r ->
                            r.key() == processInstanceKey
                                && r.intent() == ProcessInstanceIntent.ELEMENT_COMPLETED
                                && ((ProcessInstanceRecord) r.value()).bpmnElementType()
                                    == BpmnElementType.PROCESS));
    return completed(processInstanceKey);
  }

  void awaitActive(long processInstanceKey, String elementId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> isActive(processInstanceKey, elementId));
  }

  /** Instances of a process started by something other than the test (message start events). */
  List<Long> instancesOf(String processId) {
    return records.stream()
        .filter(r -> r.intent() == ProcessInstanceIntent.ELEMENT_ACTIVATING)
        .map(r -> (ProcessInstanceRecord) r.value())
        .filter(
            v ->
                v.bpmnElementType() == BpmnElementType.PROCESS
                    && v.bpmnProcessId().equals(processId))
        .map(ProcessInstanceRecord::processInstanceKey)
        .distinct()
        .toList();
  }

  @Override
  public void close() {
    workers.forEach(JobWorker::close);
    client.close();
    engine.close();
  }
}
