package dev.millrace.runtime.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import dev.millrace.runtime.Json;
import dev.millrace.runtime.TestData;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.data.Preprocessing;
import dev.millrace.runtime.training.ModelTrainer;
import dev.millrace.runtime.training.TrainingListener;
import dev.millrace.runtime.training.TrainingRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree-free reader must agree with {@link InferenceInput#parse} or hand the body back. */
class StreamedInferenceInputTest {

  @TempDir static Path dir;
  static Preprocessing iris;

  @BeforeAll
  static void train() {
    ModelArtifact artifact =
        ModelTrainer.train(
            TrainingRequest.of(
                    "tabular-classifier",
                    TestData.sample("iris.csv"),
                    "species",
                    dir.resolve("iris"))
                .withEpochs(1),
            TrainingListener.NONE,
            null);
    iris = artifact.preprocessing();
  }

  static String tensor(String name, String datatype, String shape, String data) {
    return "{\"name\":\""
        + name
        + "\",\"datatype\":\""
        + datatype
        + "\",\"shape\":"
        + shape
        + ",\"data\":"
        + data
        + "}";
  }

  static String fourInputs(String first) {
    return "{\"inputs\":["
        + first
        + ","
        + tensor("sepal_width", "FP32", "[2]", "[3.5,3.0]")
        + ","
        + tensor("petal_length", "FP32", "[2]", "[1.4,5.2]")
        + ","
        + tensor("petal_width", "FP32", "[2]", "[0.2,2.3]")
        + "]}";
  }

  static InferenceInput streamed(String body) throws Exception {
    try (JsonParser parser = Json.MAPPER.getFactory().createParser(body)) {
      return new StreamedInferenceInput(iris, iris.encoder()).read(parser);
    }
  }

  static InferenceInput tree(String body) throws Exception {
    return InferenceInput.parse(
        Json.MAPPER.readTree(body), iris, iris.encoder(), iris.featureNames(), "iris");
  }

  @Test
  void readsTheCommonLayoutsExactlyAsTheTreeParserDoes() throws Exception {
    String[] bodies = {
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[5.1,6.7]")),
      // shape [n, 1], integers, an id, parameters, fields in another order, inputs reordered
      "{\"parameters\":{\"x\":[1,{\"y\":2}]},\"id\":\"q-7\",\"inputs\":["
          + tensor("petal_width", "FP64", "[2,1]", "[0,2]")
          + ","
          + "{\"data\":[5,7],\"shape\":[2],\"name\":\"sepal_length\",\"datatype\":\"INT32\","
          + "\"parameters\":{}}"
          + ","
          + tensor("sepal_width", "FP32", "[2]", "[3.5,3e0]")
          + ","
          + tensor("petal_length", "FP32", "[2]", "[-1.4,5.2E1]")
          + "]}",
      "{\"id\":null,\"inputs\":["
          + tensor("sepal_length", "FP32", "[0]", "[]")
          + ","
          + tensor("sepal_width", "FP32", "[0]", "[]")
          + ","
          + tensor("petal_length", "FP32", "[0]", "[]")
          + ","
          + tensor("petal_width", "FP32", "[0]", "[]")
          + "]}",
    };
    for (String body : bodies) {
      InferenceInput expected = tree(body);
      InferenceInput actual = streamed(body);
      assertThat(actual).as(body).isNotNull();
      assertThat(actual.id).as(body).isEqualTo(expected.id);
      assertThat(actual.rows).as(body).isEqualTo(expected.rows);
      assertThat(actual.encoded).as(body).containsExactly(expected.encoded);
      assertThat(actual.requestedOutputs).isEqualTo(expected.requestedOutputs);
    }
  }

  @Test
  void handsEverythingElseBackToTheTreeParser() throws Exception {
    String[] bodies = {
      "not json",
      "{}",
      "[1]",
      "{\"inputs\":[]}",
      // the tree parser accepts these, in layouts the streamed reader leaves to it
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[[5.1],[6.7]]")),
      fourInputs(tensor("sepal_length", "BYTES", "[2]", "[\"5.1\",\"6.7\"]")),
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[5.1,null]")),
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[5.1,6.7]"))
          .replace("]}", "],\"outputs\":[{\"name\":\"label\"}]}"),
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[5.1,6.7]"))
          .replace("{\"inputs", "{\"id\":7,\"inputs"),
      "{\"inputs\":[{\"name\":\"features\",\"datatype\":\"FP32\",\"shape\":[1,4],"
          + "\"data\":[5.1,3.5,1.4,0.2]}]}",
      // errors, which the tree parser names
      fourInputs(tensor("sepal_length", "FP32", "[3]", "[5.1,6.7]")),
      fourInputs(tensor("sepal_length", "FP32", "[1,2]", "[5.1,6.7]")),
      fourInputs(tensor("sepal_length", "FP99", "[2]", "[5.1,6.7]")),
      fourInputs(tensor("petal", "FP32", "[2]", "[5.1,6.7]")),
      fourInputs(tensor("sepal_width", "FP32", "[2]", "[5.1,6.7]")),
      fourInputs(tensor("sepal_length", "FP32", "[-2]", "[5.1,6.7]")),
      fourInputs(tensor("sepal_length", "FP32", "[1]", "[5.1]")),
      fourInputs(tensor("sepal_length", "FP32", "[2]", "[5.1,6.7]")) + " trailing",
      "{\"inputs\":[" + tensor("sepal_length", "FP32", "[1]", "[5.1]") + "]}",
    };
    for (String body : bodies) {
      assertThat(streamed(body)).as(body).isNull();
    }
  }
}
