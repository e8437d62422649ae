package dev.millrace.platform.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.datasets.DatasetChecks;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;

/** Upload, profile, validation report, tenancy and deletion; run on H2 and on PostgreSQL. */
abstract class DatasetsContract {

  @Autowired TestRestTemplate http;
  @Autowired PlatformProperties properties;
  @Autowired DatasetChecks checks;

  Api admin;
  TenantFixture a;
  TenantFixture b;

  @BeforeEach
  void tenants() {
    admin = new Api(http);
    a = admin.newTenant();
    b = admin.newTenant();
  }

  static byte[] iris() throws IOException {
    try (InputStream in = DatasetsContract.class.getResourceAsStream("/datasets/iris.csv")) {
      return in.readAllBytes();
    }
  }

  @Test
  void anUploadIsProfiledAndValidated() throws IOException {
    JsonNode dataset =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "iris.csv", iris(), Map.of("target", "species"))
            .expect(201)
            .body();

    assertThat(dataset.get("name").asText()).isEqualTo("iris.csv");
    assertThat(dataset.get("rows").asLong()).isEqualTo(150);
    assertThat(dataset.get("columnCount").asInt()).isEqualTo(5);
    assertThat(dataset.get("columns").size()).isEqualTo(5);
    assertThat(dataset.get("target").asText()).isEqualTo("species");
    assertThat(dataset.get("sha256").asText()).hasSize(64);
    assertThat(dataset.at("/validation/valid").asBoolean()).isTrue();
    assertThat(dataset.at("/validation/errors")).isEmpty();
    JsonNode species = dataset.get("columns").get(4);
    assertThat(species.get("name").asText()).isEqualTo("species");
    assertThat(species.at("/values/setosa").asLong()).isEqualTo(50);

    String id = dataset.get("id").asText();
    assertThat(admin.as(a.key()).get("/api/v1/datasets/" + id).expect(200).body())
        .isEqualTo(dataset);
    assertThat(admin.as(a.key()).get("/api/v1/datasets").body().findValuesAsText("id"))
        .containsExactly(id);
    assertThat(admin.get("/api/v1/datasets?tenantId=" + a.id()).body().findValuesAsText("id"))
        .containsExactly(id);
  }

  @Test
  void anInvalidFileIsKeptWithItsProblemsByLineAndColumn() {
    byte[] ragged = "a,b,label\n1,2,x\n3,4\n5,six,y\n".getBytes(StandardCharsets.UTF_8);
    JsonNode dataset =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "ragged.csv", ragged, Map.of("target", "label"))
            .expect(201)
            .body();

    assertThat(dataset.get("valid").asBoolean()).isFalse();
    JsonNode first = dataset.at("/validation/errors/0");
    assertThat(first.get("line").asLong()).isEqualTo(3);
    assertThat(first.get("message").asText()).isNotBlank();
    assertThat(dataset.get("errorCount").asInt())
        .isEqualTo(dataset.at("/validation/errors").size());
  }

  @Test
  void anotherTenantsDatasetIsNotFound() throws IOException {
    String id =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "iris.csv", iris(), Map.of())
            .body()
            .get("id")
            .asText();

    admin.as(b.key()).get("/api/v1/datasets/" + id).problem(404);
    admin.as(b.key()).delete("/api/v1/datasets/" + id).problem(404);
    assertThat(admin.as(b.key()).get("/api/v1/datasets").body()).isEmpty();
    admin.as(a.key()).get("/api/v1/datasets/" + id).expect(200);
  }

  @Test
  void deletingRemovesTheRowAndTheFile() throws IOException {
    String id =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "iris.csv", iris(), Map.of())
            .body()
            .get("id")
            .asText();
    Path dir = properties.dataDir().resolve("datasets").resolve(a.id().toString()).resolve(id);
    assertThat(dir.resolve("iris.csv")).exists();

    admin.as(a.key()).delete("/api/v1/datasets/" + id).expect(204);
    admin.as(a.key()).get("/api/v1/datasets/" + id).problem(404);
    assertThat(Files.exists(dir)).isFalse();
  }

  @Test
  void theTrainingCheckAcceptsAValidTargetAndNamesWhatIsWrongOtherwise() throws IOException {
    String id =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "iris.csv", iris(), Map.of())
            .body()
            .get("id")
            .asText();
    String tenant = a.id().toString();

    checks.validateForTraining(tenant, id, "species", "tabular-classifier");
    assertThatThrownBy(() -> checks.validateForTraining(tenant, id, "colour", "tabular-classifier"))
        .isInstanceOfSatisfying(
            WorkerFailure.class,
            e -> {
              assertThat(e.errorCode()).isEqualTo("INVALID_DATASET");
              assertThat(e.getMessage()).contains("colour");
            });
    assertThatThrownBy(
            () ->
                checks.validateForTraining(b.id().toString(), id, "species", "tabular-classifier"))
        .isInstanceOf(WorkerFailure.class)
        .hasMessageContaining("not found");
    assertThatThrownBy(() -> checks.validateForTraining(tenant, id, "species", "no-such-model"))
        .isInstanceOf(WorkerFailure.class)
        .hasMessageContaining("no-such-model");
  }

  @Test
  void anUploadWithoutAFileNamesThePart() {
    JsonNode problem =
        admin.as(a.key()).upload("/api/v1/datasets", null, null, Map.of("name", "x")).problem(400);
    assertThat(problem.get("errors").findValuesAsText("field")).containsExactly("file");
  }

  @Test
  void fileNamesCannotEscapeTheDatasetDirectory() throws IOException {
    JsonNode dataset =
        admin
            .as(a.key())
            .upload("/api/v1/datasets", "../../etc/iris.csv", iris(), Map.of())
            .expect(201)
            .body();
    assertThat(dataset.get("fileName").asText()).isEqualTo("iris.csv");
  }
}
