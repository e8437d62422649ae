package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standalone jar's JSON-lines export across a SIGKILL that tore its last line, which the crash
 * test sees now and then (the exporter's buffer spills mid-record): the restarted engine must not
 * glue its records onto the torn line.
 */
class JsonLinesExportTest {

  private static final String TORN = "{\"position\":99999,\"sourceRecordPosition\":1,\"key\":22517";

  @TempDir Path work;

  @Test
  void aTornLastLineIsNotContinued() throws Exception {
    Path export = work.resolve("export.jsonl");
    int port = EngineProcess.freePort();
    var engine = start(port, export, 0);
    try (var client = EngineClients.connect(port)) {
      client
          .newDeployResourceCommand()
          .addProcessModel(
              Bpmn.createExecutableProcess("p").startEvent().endEvent().done(), "p.bpmn")
          .send()
          .join(10, TimeUnit.SECONDS);
      client.newCreateInstanceCommand().bpmnProcessId("p").latestVersion().send().join();
      EngineProcess.sleep(1_500); // exported and flushed (the exporter flushes when idle)
      engine.kill();
      // What a kill in the middle of a buffer spill leaves behind.
      Files.writeString(export, TORN, StandardCharsets.UTF_8, StandardOpenOption.APPEND);

      engine = start(port, export, 1);
      EngineClients.awaitServing(client);
      client.newCreateInstanceCommand().bpmnProcessId("p").latestVersion().send().join();
      EngineProcess.sleep(1_500);
    } finally {
      engine.kill();
    }
    // Dropping the torn fragment or leaving it on a line of its own are both fine; a record of the
    // new engine written onto it is not.
    var json = new ObjectMapper();
    var lines = Files.readAllLines(export, StandardCharsets.UTF_8);
    assertThat(lines).hasSizeGreaterThan(2);
    assertThat(lines.stream().filter(l -> !l.equals(TORN)))
        .allSatisfy(
            line ->
                assertThat(isRecord(json, line))
                    .as("a JSON record: %s", line.length() > 200 ? line.substring(0, 200) : line)
                    .isTrue());
  }

  private static boolean isRecord(ObjectMapper json, String line) {
    try {
      return json.readTree(line).path("position").isNumber();
    } catch (java.io.IOException e) {
      return false;
    }
  }

  private EngineProcess start(int port, Path export, int incarnation) {
    return EngineProcess.startJar(
            port,
            work.resolve("data"),
            work.resolve("engine-" + incarnation + ".log"),
            "--export-jsonl=" + export)
        .awaitReady(Duration.ofSeconds(90));
  }
}
