package dev.millrace.engine.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.millrace.engine.MillraceEngine;
import dev.millrace.engine.record.Record;
import io.camunda.client.CamundaClient;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExporterTest {

  @TempDir Path dataDir;

  private static final class Collecting implements Exporter {
    final List<Record> records = new CopyOnWriteArrayList<>();

    @Override
    public void export(Record record) {
      records.add(record);
    }
  }

  private long deployAndRun(MillraceEngine engine, String id) {
    try (var client =
        CamundaClient.newClientBuilder()
            .grpcAddress(engine.grpcAddress())
            .preferRestOverGrpc(false)
            .build()) {
      client
          .newDeployResourceCommand()
          .addProcessModel(
              Bpmn.createExecutableProcess(id).startEvent().endEvent().done(), id + ".bpmn")
          .send()
          .join();
      return client
          .newCreateInstanceCommand()
          .bpmnProcessId(id)
          .latestVersion()
          .withResult()
          .send()
          .join()
          .getProcessInstanceKey();
    }
  }

  @Test
  void exportersSeeEveryRecordInOrderAndResumeAfterRestart() throws Exception {
    var first = new Collecting();
    Path jsonl = dataDir.resolve("records.jsonl");
    try (var engine =
        MillraceEngine.builder()
            .dataDirectory(dataDir)
            .grpcPort(0)
            .exporter("collect", first)
            .exporter("jsonl", new JsonLinesExporter(jsonl))
            .build()
            .start()) {
      deployAndRun(engine, "one");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  first.records.stream()
                      .anyMatch(r -> r.intent().name().equals("ELEMENT_COMPLETED")));
    }
    var positions = first.records.stream().mapToLong(Record::position).toArray();
    for (int i = 1; i < positions.length; i++) {
      assertThat(positions[i]).isEqualTo(positions[i - 1] + 1);
    }
    long lastBefore = positions[positions.length - 1];
    assertThat(Files.readAllLines(jsonl))
        .hasSize(positions.length)
        .first()
        .asString()
        .contains("\"valueType\":\"DEPLOYMENT\"");

    var second = new Collecting();
    try (var engine =
        MillraceEngine.builder()
            .dataDirectory(dataDir)
            .grpcPort(0)
            .exporter("collect", second)
            .build()
            .start()) {
      deployAndRun(engine, "two");
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> second.records.stream().anyMatch(r -> r.value().toString().contains("two")));
    }
    // Resumes after what it acknowledged: nothing from the first run is exported again.
    assertThat(second.records.getFirst().position()).isGreaterThan(lastBefore);
  }
}
