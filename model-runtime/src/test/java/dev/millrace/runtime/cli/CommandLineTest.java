package dev.millrace.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line in-process: output shapes, exit codes and one-line errors. */
class CommandLineTest {

  @TempDir Path dir;

  record Result(int code, String out, String err) {
    List<JsonNode> lines() {
      List<JsonNode> nodes = new ArrayList<>();
      for (String line : out.split("\n")) {
        if (!line.isBlank()) {
          try {
            nodes.add(Json.MAPPER.readTree(line));
          } catch (Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
          }
        }
      }
      return nodes;
    }

    String lastErrorLine() {
      String[] lines = err.strip().split("\n");
      return lines[lines.length - 1];
    }
  }

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream(new byte[0]));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void catalogListsEntriesAndPrintsDocuments() {
    Result list = run("catalog");
    assertThat(list.code()).isZero();
    assertThat(list.lines().get(0)).hasSize(4);
    Result doc = run("catalog", "--entry", "image-classifier", "--document");
    assertThat(doc.out()).startsWith("# Small image classifier (CNN)");
  }

  @Test
  void trainStreamsJsonLinesThenEvaluateAndPredictUseTheArtifact() {
    Path out = dir.resolve("iris");
    Result train =
        run(
            "train",
            "--model",
            "tabular-classifier",
            "--data",
            TestData.sample("iris.csv").toString(),
            "--target",
            "species",
            "--out",
            out.toString(),
            "--epochs",
            "12",
            "--seed",
            "3",
            "--param",
            "hiddenLayers=16,16",
            "--param",
            "learningRate=0.02");
    assertThat(train.code()).as(train.err()).isZero();
    List<JsonNode> events = train.lines();
    assertThat(events.get(0).path("event").asText()).isEqualTo("started");
    assertThat(events.stream().filter(e -> e.path("event").asText().equals("epoch")).count())
        .isEqualTo(12);
    assertThat(events.get(1).path("validationLoss").isNumber()).as(train.out()).isTrue();
    assertThat(events.get(1).path("time").asText()).isNotEmpty();
    JsonNode finished = events.get(events.size() - 1);
    assertThat(finished.path("event").asText()).isEqualTo("finished");
    assertThat(finished.path("metrics").path("accuracy").asDouble()).isGreaterThan(0.8);

    Result evaluate =
        run(
            "evaluate",
            "--model",
            out.toString(),
            "--data",
            TestData.sample("iris.csv").toString());
    assertThat(evaluate.code()).isZero();
    assertThat(evaluate.lines().get(0).path("rows").asInt()).isEqualTo(150);

    Result predict =
        run(
            "predict",
            "--model",
            out.toString(),
            "--input",
            "[{\"sepal_length\":5.1,\"sepal_width\":3.5,\"petal_length\":1.4,\"petal_width\":0.2}]");
    assertThat(predict.code()).as(predict.err()).isZero();
    assertThat(predict.lines().get(0).path("predictions").get(0).path("label").asText())
        .isEqualTo("setosa");
  }

  @Test
  void badDataExitsWithThreeAndALocatedOneLineReason() throws Exception {
    Path bad = TestData.write(dir, "bad.csv", "a,b,y\n1,2,x\n3,4\n");
    Result result =
        run(
            "train",
            "--model",
            "tabular-classifier",
            "--data",
            bad.toString(),
            "--target",
            "y",
            "--out",
            dir.resolve("bad").toString());
    assertThat(result.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(result.lastErrorLine())
        .isEqualTo("error: line 3, column 4: expected 3 fields as in the header, found 2");
    assertThat(result.lines().get(result.lines().size() - 1).path("event").asText())
        .isEqualTo("failed");
    assertThat(Files.exists(dir.resolve("bad/model-card.json"))).isFalse();
  }

  @Test
  void outOfBoundsParameterExitsWithThreeNamingIt() {
    Result result =
        run(
            "train",
            "--model",
            "image-classifier",
            "--data",
            TestData.sample("digits.csv").toString(),
            "--target",
            "digit",
            "--out",
            dir.resolve("x").toString(),
            "--param",
            "filters=16,999");
    assertThat(result.code()).isEqualTo(Main.BAD_INPUT);
    assertThat(result.lastErrorLine())
        .isEqualTo("error: hyper-parameter 'filters[1]': 999 is above the maximum 256");
  }

  @Test
  void devicesCountsOnlyGpusTheShippedLibtorchCanUse() {
    Result result = run("devices");
    assertThat(result.code()).isZero();
    JsonNode devices = result.lines().get(0);
    assertThat(devices.path("engine").asText()).isEqualTo("PyTorch");
    assertThat(devices.path("cpus").asInt()).isPositive();
    // The bundled libtorch is the CPU build: whatever the driver shows, none is usable.
    assertThat(devices.path("gpus").asInt()).isZero();
    assertThat(devices.path("visibleGpus").asInt()).isGreaterThanOrEqualTo(0);
  }

  @Test
  void usageMistakesExitWithTwo() {
    assertThat(run().code()).isEqualTo(Main.USAGE);
    assertThat(run("fly").lastErrorLine()).isNotBlank();
    Result missing = run("train", "--model", "tabular-classifier");
    assertThat(missing.code()).isEqualTo(Main.USAGE);
    assertThat(missing.lastErrorLine()).isEqualTo("error: --data is required");
    assertThat(run("evaluate", "--model", "x", "--data", "y", "--colour", "red").lastErrorLine())
        .isEqualTo("error: unknown option --colour");
  }

  @Test
  void missingArtifactFailsWithOne() {
    Result result =
        run(
            "evaluate",
            "--model",
            dir.resolve("nothing").toString(),
            "--data",
            TestData.sample("iris.csv").toString());
    assertThat(result.code()).isEqualTo(Main.FAILED);
    assertThat(result.lastErrorLine()).contains("is not a model artifact");
  }

  @Test
  void profileReportsColumnsAndErrors() {
    Result ok =
        run("profile", "--data", TestData.sample("wine.csv").toString(), "--target", "cultivar");
    assertThat(ok.code()).isZero();
    assertThat(ok.lines().get(0).path("columns")).hasSize(14);
    Path bad = TestData.write(dir, "nan.csv", "a,y\n1,0\nNaN,1\n");
    Result invalid = run("profile", "--data", bad.toString(), "--target", "y");
    assertThat(invalid.code()).isEqualTo(Main.BAD_INPUT);
    JsonNode error = invalid.lines().get(0).path("errors").get(0);
    assertThat(error.path("line").asInt()).isEqualTo(3);
    assertThat(error.path("column").asInt()).isEqualTo(1);
  }
}
