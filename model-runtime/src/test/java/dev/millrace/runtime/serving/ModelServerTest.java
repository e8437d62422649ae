package dev.millrace.runtime.serving;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelServerTest {

  @TempDir static Path dir;
  static ModelArtifact iris;
  static ModelArtifact diabetes;
  static ModelServer server;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    iris =
        ModelTrainer.train(
            TrainingRequest.of(
                    "tabular-classifier",
                    TestData.sample("iris.csv"),
                    "species",
                    dir.resolve("iris"))
                .withEpochs(30),
            TrainingListener.NONE,
            null);
    diabetes =
        ModelTrainer.train(
            TrainingRequest.of(
                    "tabular-regressor",
                    TestData.sample("diabetes.csv"),
                    "progression",
                    dir.resolve("diabetes"))
                .withEpochs(20),
            TrainingListener.NONE,
            null);
    server = ModelServer.start(iris, ServerOptions.defaults("iris", 0));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static HttpResponse<String> get(ModelServer target, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(target.baseUri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static HttpResponse<String> infer(ModelServer target, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                target.baseUri().resolve("/v2/models/" + target.modelName() + "/infer"))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .header("Content-Type", "application/json")
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** An OIP v2 request for rows of the CSV file, one named input per feature column. */
  static String request(List<String[]> rows, List<String> header) {
    StringBuilder json = new StringBuilder("{\"id\":\"r-1\",\"inputs\":[");
    for (int c = 0; c < header.size() - 1; c++) {
      if (c > 0) {
        json.append(',');
      }
      json.append("{\"name\":\"")
          .append(header.get(c))
          .append("\",\"datatype\":\"FP32\",\"shape\":[")
          .append(rows.size())
          .append("],\"data\":[");
      for (int r = 0; r < rows.size(); r++) {
        json.append(r > 0 ? "," : "").append(rows.get(r)[c]);
      }
      json.append("]}");
    }
    return json.append("]}").toString();
  }

  static List<Map<String, ?>> asMaps(List<String[]> rows, List<String> header) {
    List<Map<String, ?>> maps = new ArrayList<>();
    for (String[] row : rows) {
      Map<String, Object> map = new HashMap<>();
      for (int c = 0; c < header.size() - 1; c++) {
        map.put(header.get(c), Double.parseDouble(row[c]));
      }
      maps.add(map);
    }
    return maps;
  }

  static List<String[]> csv(String file) throws IOException {
    return Files.readAllLines(TestData.sample(file)).stream().map(l -> l.split(",")).toList();
  }

  @Test
  void healthAndMetadataFollowTheProtocol() throws Exception {
    assertThat(get(server, "/v2/health/live").statusCode()).isEqualTo(200);
    assertThat(get(server, "/v2/health/ready").body()).isEqualTo("{\"ready\":true}");
    JsonNode metadata = Json.MAPPER.readTree(get(server, "/v2/models/iris").body());
    assertThat(metadata.path("name").asText()).isEqualTo("iris");
    assertThat(metadata.path("inputs"))
        .extracting(n -> n.path("name").asText())
        .containsExactly("sepal_length", "sepal_width", "petal_length", "petal_width");
    assertThat(metadata.path("outputs").get(1).path("shape").toString()).isEqualTo("[-1,3]");
    assertThat(get(server, "/v2/models/other").statusCode()).isEqualTo(404);
  }

  @Test
  void answersEqualInProcessPredictionsForTheSameRows() throws Exception {
    List<String[]> all = csv("iris.csv");
    List<String> header = List.of(all.get(0));
    List<String[]> rows = all.subList(1, all.size());
    HttpResponse<String> response = infer(server, request(rows, header));
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = Json.MAPPER.readTree(response.body());
    assertThat(body.path("id").asText()).isEqualTo("r-1");
    JsonNode labels = body.path("outputs").get(0).path("data");
    JsonNode probabilities = body.path("outputs").get(1).path("data");
    try (ModelPredictor predictor = iris.newPredictor("cpu")) {
      List<Prediction> expected = predictor.predict(asMaps(rows, header));
      for (int r = 0; r < rows.size(); r++) {
        assertThat(labels.get(r).asText()).isEqualTo(expected.get(r).label());
        List<Double> p = new ArrayList<>(expected.get(r).probabilities().values());
        for (int k = 0; k < 3; k++) {
          assertThat((float) probabilities.get(r * 3 + k).asDouble())
              .isEqualTo(p.get(k).floatValue());
        }
      }
    }
  }

  @Test
  void concurrentRequestsAreBatchedAndStillAnsweredOneByOne() throws Exception {
    answersEveryRowOfConcurrentShuffledRequests(server);
  }

  @Test
  void withoutBatchWorkersTheEventLoopsRunTheModelAndAnswerEveryRow() throws Exception {
    // batchWorkers 0: each event-loop round's requests are one model call on that loop.
    try (ModelServer onLoops =
        ModelServer.start(
            iris, ServerOptions.defaults("iris", 0).withBatching(4, Duration.ofMillis(2), 0))) {
      answersEveryRowOfConcurrentShuffledRequests(onLoops);
      String metrics = get(onLoops, "/metrics").body();
      // No model call took more than the 4-row limit.
      assertThat(metrics).contains("millrace_inference_batch_rows_max{model=\"iris\"}");
      double largest =
          metrics
              .lines()
              .filter(l -> l.startsWith("millrace_inference_batch_rows_max"))
              .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
              .max()
              .orElseThrow();
      assertThat(largest).isBetween(1.0, 4.0);
    }
  }

  private static void answersEveryRowOfConcurrentShuffledRequests(ModelServer server)
      throws Exception {
    List<String[]> all = csv("iris.csv");
    List<String> header = List.of(all.get(0));
    // Shuffled, so that neighbouring rows have different labels, and sent as requests of 1, 2 or
    // 3 rows at once: a batch that handed a request its neighbour's slice would show here.
    List<String[]> rows = new ArrayList<>(all.subList(1, all.size()));
    Collections.shuffle(rows, new Random(7));
    List<List<String[]>> requests = new ArrayList<>();
    for (int r = 0, size = 1; r < rows.size(); r += size, size = size % 3 + 1) {
      requests.add(rows.subList(r, Math.min(rows.size(), r + size)));
    }
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (List<String[]> request : requests) {
      responses.add(
          http.sendAsync(
              HttpRequest.newBuilder(server.baseUri().resolve("/v2/models/iris/infer"))
                  .POST(HttpRequest.BodyPublishers.ofString(request(request, header)))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    try (ModelPredictor predictor = iris.newPredictor("cpu")) {
      for (int q = 0; q < requests.size(); q++) {
        List<String[]> request = requests.get(q);
        List<Prediction> expected = predictor.predict(asMaps(request, header));
        JsonNode body = Json.MAPPER.readTree(responses.get(q).get().body());
        JsonNode labels = body.path("outputs").get(0).path("data");
        JsonNode probabilities = body.path("outputs").get(1).path("data");
        assertThat(labels.size()).as("rows answered for request %d", q).isEqualTo(request.size());
        for (int r = 0; r < request.size(); r++) {
          assertThat(labels.get(r).asText()).isEqualTo(expected.get(r).label());
          List<Double> p = new ArrayList<>(expected.get(r).probabilities().values());
          for (int k = 0; k < 3; k++) {
            // Batched with other requests, the matrix products may differ in the last bits.
            assertThat(probabilities.get(r * 3 + k).asDouble())
                .as("request %d row %d class %d", q, r, k)
                .isCloseTo(p.get(k), within(1e-6));
          }
        }
      }
    }
    String metrics = get(server, "/metrics").body();
    assertThat(metrics).contains("millrace_inference_requests_total{status=\"200\"}");
    assertThat(metrics).contains("millrace_inference_batch_rows_bucket");
    assertThat(metrics).contains("millrace_inference_request_duration_seconds_bucket");
    assertThat(metrics).contains("millrace_inference_in_flight");
  }

  @Test
  void regressionAnswersAreInTheTargetsUnits() throws Exception {
    List<String[]> all = csv("diabetes.csv");
    List<String> header = List.of(all.get(0));
    List<String[]> rows = all.subList(1, 21);
    try (ModelServer regression =
            ModelServer.start(diabetes, ServerOptions.defaults("diabetes", 0));
        ModelPredictor predictor = diabetes.newPredictor("cpu")) {
      JsonNode body = Json.MAPPER.readTree(infer(regression, request(rows, header)).body());
      JsonNode values = body.path("outputs").get(0).path("data");
      List<Prediction> expected = predictor.predict(asMaps(rows, header));
      for (int r = 0; r < rows.size(); r++) {
        assertThat(values.get(r).asDouble()).isEqualTo(expected.get(r).value());
      }
      assertThat(values.get(0).asDouble()).isBetween(25.0, 346.0);
    }
  }

  @Test
  void malformedRequestsGet400NamingTheField() throws Exception {
    String ok = "{\"name\":\"sepal_length\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[5.1]}";
    String[][] cases = {
      {"not json", "not valid JSON"},
      {"{}", "inputs: required"},
      {"{\"inputs\":[" + ok + "]}", "missing input 'sepal_width'"},
      {
        "{\"inputs\":[{\"name\":\"petal\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "inputs[0].name: 'petal' is not an input"
      },
      {
        "{\"inputs\":[{\"name\":\"sepal_length\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1]}]}",
        "inputs[0].data: shape [2] needs 2 values, found 1"
      },
      {
        "{\"inputs\":[{\"name\":\"sepal_length\",\"shape\":[1],\"data\":[1]}]}",
        "inputs[0].datatype: required"
      },
      {
        "{\"inputs\":[{\"name\":\"sepal_length\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"x\"]},"
            + "{\"name\":\"sepal_width\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]},"
            + "{\"name\":\"petal_length\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]},"
            + "{\"name\":\"petal_width\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}]}",
        "inputs[0].data[0]: 'x' is not a number"
      },
      {
        "{\"inputs\":[" + ok + "],\"outputs\":[{\"name\":\"score\"}]}",
        "outputs[0].name: 'score' is not an output"
      },
    };
    for (String[] c : cases) {
      HttpResponse<String> response = infer(server, c[0]);
      assertThat(response.statusCode()).as(c[0]).isEqualTo(400);
      assertThat(Json.MAPPER.readTree(response.body()).path("error").asText())
          .as(c[0])
          .contains(c[1]);
    }
  }

  @Test
  void aBodySplitAcrossReadsOrAfter100ContinueIsStillOneRequest() throws Exception {
    List<String[]> all = csv("iris.csv");
    byte[] body =
        request(all.subList(1, 4), List.of(all.get(0))).getBytes(StandardCharsets.US_ASCII);
    for (String expect : new String[] {"", "Expect: 100-continue\r\n"}) {
      try (Socket socket = new Socket("127.0.0.1", server.port())) {
        socket.setSoTimeout(10_000);
        OutputStream out = socket.getOutputStream();
        out.write(
            ("POST /v2/models/iris/infer HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                    + expect
                    + "Content-Length: "
                    + body.length
                    + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, 40);
        out.flush();
        Thread.sleep(50); // the rest arrives in a later read
        out.write(body, 40, body.length - 40);
        out.flush();
        String response =
            new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        if (!expect.isEmpty()) {
          assertThat(response).startsWith("HTTP/1.1 100 Continue");
        }
        assertThat(response).as(expect).contains("HTTP/1.1 200 OK").contains("\"id\":\"r-1\"");
      }
    }
  }

  @Test
  void allFeaturesCanComeAsOneTensor() throws Exception {
    String body =
        "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[2,4],"
            + "\"data\":[[5.1,3.5,1.4,0.2],[6.7,3.0,5.2,2.3]]}],\"outputs\":[{\"name\":\"label\"}]}";
    JsonNode answer = Json.MAPPER.readTree(infer(server, body).body());
    assertThat(answer.path("outputs")).hasSize(1);
    assertThat(answer.path("outputs").get(0).path("data").toString())
        .isEqualTo("[\"setosa\",\"virginica\"]");
  }

  @Test
  void fullServerAnswers503WithRetryAfter() throws Exception {
    try (ModelServer full =
        ModelServer.start(iris, ServerOptions.defaults("iris", 0).withMaxInFlight(0))) {
      HttpResponse<String> response = infer(full, "{}");
      assertThat(response.statusCode()).isEqualTo(503);
      assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
      assertThat(get(full, "/metrics").body())
          .contains("millrace_inference_requests_total{status=\"503\"}");
    }
  }

  @Test
  void closeDrainsRequestsInFlightThenStopsListening() throws Exception {
    ModelServer closing =
        ModelServer.start(
            iris, ServerOptions.defaults("iris", 0).withBatching(64, Duration.ofMillis(300), 1));
    List<String[]> all = csv("iris.csv");
    String body = request(all.subList(1, 3), List.of(all.get(0)));
    List<CompletableFuture<HttpResponse<String>>> pending = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      pending.add(
          http.sendAsync(
              HttpRequest.newBuilder(closing.baseUri().resolve("/v2/models/iris/infer"))
                  .POST(HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    Thread.sleep(100);
    URI base = closing.baseUri();
    closing.close();
    for (CompletableFuture<HttpResponse<String>> response : pending) {
      assertThat(response.get().statusCode()).isIn(200, 503);
    }
    assertThat(pending.stream().filter(p -> p.join().statusCode() == 200).count()).isPositive();
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(base.resolve("/v2/health/live")).build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
