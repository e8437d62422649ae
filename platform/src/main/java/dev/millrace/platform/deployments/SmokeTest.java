package dev.millrace.platform.deployments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.artifact.ModelPredictor;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.data.Feature;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.data.Task;
import dev.millrace.workers.WorkerFailure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Calls a new endpoint the way a client will: through the router at its public URL, with the
 * platform's service token, with one row built from the model's own preprocessing (each numeric
 * input at its training mean, each category at its first value). The answer must have the model's
 * outputs; when {@code smoke-test-compare} is on, the same row is also predicted in process from
 * the artifact and the answers must agree.
 */
@Component
class SmokeTest {

  private static final Logger log = LoggerFactory.getLogger(SmokeTest.class);
  private static final double TOLERANCE = 1e-3;

  /** What the smoke test found, kept on the deployment. */
  record Result(long latencyMillis, int attempts, Map<String, Object> answer, String comparison) {}

  private final EndpointInvoker invoker;
  private final ObjectMapper json;
  private final DeploymentProperties settings;

  SmokeTest(EndpointInvoker invoker, ObjectMapper json, DeploymentProperties settings) {
    this.invoker = invoker;
    this.json = json;
    this.settings = settings;
  }

  /**
   * @param url the endpoint's URL ({@code .../endpoints/<name>})
   * @throws WorkerFailure SMOKE_TEST_FAILED saying what went wrong
   */
  Result run(Deployment deployment, String url) {
    ModelArtifact artifact;
    try {
      artifact = ModelArtifact.load(deployment.artifactDir());
    } catch (RuntimeException e) {
      throw WorkerFailure.smokeTestFailed("the model artifact is unreadable: " + e.getMessage());
    }
    Map<String, Object> row = sampleRow(artifact.preprocessing());
    URI infer = EndpointInvoker.inferUri(url, deployment.endpointName());
    String body = inferRequest(artifact.preprocessing(), row);
    long deadline = System.nanoTime() + settings.smokeTestTimeout().toNanos();
    int attempts = 0;
    String last = "no attempt";
    while (true) {
      attempts++;
      long start = System.nanoTime();
      try {
        HttpResponse<String> response =
            invoker.post(url, deployment.endpointName(), body, Duration.ofSeconds(30));
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (response.statusCode() == 200) {
          Map<String, Object> answer = answer(artifact.preprocessing(), response.body());
          String comparison = compare(artifact, row, answer);
          return new Result(millis, attempts, answer, comparison);
        }
        last = "POST " + infer + " answered " + response.statusCode() + ": " + response.body();
        // 502/503: replicas still starting or moving; anything else will not get better.
        if (response.statusCode() != 502 && response.statusCode() != 503) {
          throw WorkerFailure.smokeTestFailed(last);
        }
      } catch (IOException e) {
        last = "POST " + infer + " failed: " + e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw WorkerFailure.smokeTestFailed("interrupted");
      }
      if (System.nanoTime() > deadline) {
        throw WorkerFailure.smokeTestFailed(
            "no answer within " + settings.smokeTestTimeout().toSeconds() + " s; last: " + last);
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw WorkerFailure.smokeTestFailed("interrupted");
      }
    }
  }

  /** One plausible row: numeric inputs at their training mean, categories at their first value. */
  static Map<String, Object> sampleRow(Preprocessing preprocessing) {
    Map<String, Object> row = new LinkedHashMap<>();
    for (Feature feature : preprocessing.features()) {
      Object value =
          switch (feature.type()) {
            case NUMERIC -> feature.center();
            case BOOLEAN -> feature.center() >= 0.5;
            case CATEGORICAL -> feature.categories().isEmpty() ? null : feature.categories().get(0);
          };
      row.put(feature.name(), value);
    }
    return row;
  }

  private String inferRequest(Preprocessing preprocessing, Map<String, Object> row) {
    ObjectNode request = json.createObjectNode().put("id", "smoke-test");
    ArrayNode inputs = request.putArray("inputs");
    for (Feature feature : preprocessing.features()) {
      ObjectNode tensor = inputs.addObject().put("name", feature.name());
      tensor.put(
          "datatype",
          switch (feature.type()) {
            case NUMERIC -> "FP64";
            case BOOLEAN -> "BOOL";
            case CATEGORICAL -> "BYTES";
          });
      tensor.putArray("shape").add(1);
      tensor.putArray("data").addPOJO(row.get(feature.name()));
    }
    return request.toString();
  }

  /** The answer's outputs, checked against what the model must return. */
  private Map<String, Object> answer(Preprocessing preprocessing, String body) {
    JsonNode response;
    try {
      response = json.readTree(body);
    } catch (IOException e) {
      throw WorkerFailure.smokeTestFailed("the endpoint's answer is not JSON: " + body);
    }
    Map<String, JsonNode> outputs = new LinkedHashMap<>();
    response.path("outputs").forEach(o -> outputs.put(o.path("name").asText(), o.path("data")));
    Map<String, Object> answer = new LinkedHashMap<>();
    if (preprocessing.task() == Task.CLASSIFICATION) {
      JsonNode label = outputs.get("label");
      JsonNode probabilities = outputs.get("probabilities");
      if (label == null || label.size() != 1 || probabilities == null) {
        throw WorkerFailure.smokeTestFailed(
            "the answer lacks a label and probabilities for the one row: " + body);
      }
      if (!preprocessing.labels().contains(label.get(0).asText())) {
        throw WorkerFailure.smokeTestFailed(
            "the answer's label '" + label.get(0).asText() + "' is not one of the model's labels");
      }
      if (probabilities.size() != preprocessing.labels().size()) {
        throw WorkerFailure.smokeTestFailed(
            probabilities.size()
                + " probabilities for "
                + preprocessing.labels().size()
                + " labels: "
                + body);
      }
      answer.put("label", label.get(0).asText());
      Map<String, Double> byLabel = new LinkedHashMap<>();
      for (int i = 0; i < probabilities.size(); i++) {
        byLabel.put(preprocessing.labels().get(i), probabilities.get(i).asDouble());
      }
      answer.put("probabilities", byLabel);
    } else {
      JsonNode prediction = outputs.get("prediction");
      if (prediction == null || prediction.size() != 1 || !prediction.get(0).isNumber()) {
        throw WorkerFailure.smokeTestFailed("the answer lacks a numeric prediction: " + body);
      }
      answer.put("value", prediction.get(0).asDouble());
    }
    return answer;
  }

  /** The in-process prediction of the same row must agree; a local failure to load is noted. */
  @SuppressWarnings("unchecked")
  private String compare(ModelArtifact artifact, Map<String, Object> row, Map<String, Object> got) {
    if (!settings.smokeTestCompare()) {
      return "off";
    }
    Prediction expected;
    try (ModelPredictor predictor = artifact.newPredictor("cpu")) {
      expected = predictor.predict(List.of(row)).get(0);
    } catch (RuntimeException | LinkageError e) {
      log.warn("smoke test: in-process prediction unavailable, endpoint answer not compared", e);
      return "skipped: the platform could not predict in process (" + e + ")";
    }
    if (expected.value() != null) {
      double value = (Double) got.get("value");
      if (Math.abs(value - expected.value())
          > TOLERANCE * Math.max(1, Math.abs(expected.value()))) {
        throw WorkerFailure.smokeTestFailed(
            "the endpoint predicted " + value + ", the artifact in process " + expected.value());
      }
      return "agrees";
    }
    Map<String, Double> probabilities = (Map<String, Double>) got.get("probabilities");
    for (Map.Entry<String, Double> p : expected.probabilities().entrySet()) {
      double endpoint = probabilities.getOrDefault(p.getKey(), Double.NaN);
      if (!(Math.abs(endpoint - p.getValue()) <= TOLERANCE)) {
        throw WorkerFailure.smokeTestFailed(
            "the endpoint's probability of '"
                + p.getKey()
                + "' is "
                + endpoint
                + ", the artifact's in process "
                + p.getValue());
      }
    }
    return "agrees";
  }
}
