package dev.millrace.platform.playground;

import dev.millrace.platform.catalog.Catalogue;
import dev.millrace.platform.datasets.Dataset;
import dev.millrace.platform.datasets.Datasets;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.runtime.ModelRuntimeException;
import dev.millrace.runtime.artifact.Prediction;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.catalog.HyperparameterException;
import dev.millrace.runtime.data.DataIssue;
import dev.millrace.runtime.playground.Playground;
import dev.millrace.runtime.training.DryRun;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** "Test before training": predictions from a catalogue entry's base model, and dry runs. */
@RestController
@RequestMapping("/api/v1/playground")
@Tag(name = "playground", description = "Try a model before training it")
class PlaygroundController {

  private final Catalogue catalogue;
  private final Datasets datasets;
  private final TenantAccess access;

  PlaygroundController(Catalogue catalogue, Datasets datasets, TenantAccess access) {
    this.catalogue = catalogue;
    this.datasets = datasets;
    this.access = access;
  }

  /**
   * @param catalogEntry the entry whose pretrained base model answers (model versions of the tenant
   *     will be accepted here too once the registry exists)
   * @param rows one object per row: feature column name to value
   */
  record PredictRequest(
      @NotBlank String catalogEntry,
      @NotEmpty @Size(max = 1000) List<@NotNull Map<String, Object>> rows) {}

  record PredictResponse(String catalogEntry, List<Prediction> predictions) {}

  record EstimateRequest(
      @NotBlank String catalogEntry,
      @NotNull UUID datasetId,
      @NotBlank String target,
      Map<String, Object> hyperparameters,
      @Pattern(regexp = "cpu|gpu") String computeType,
      @Pattern(regexp = "small|medium|large") String computeSize) {}

  /**
   * @param estimatedSeconds for all epochs (early stopping can only shorten it)
   * @param assumptions how the estimate was made
   */
  record EstimateView(
      boolean valid,
      List<DataIssue> errors,
      List<DataIssue> warnings,
      long rows,
      long trainRows,
      int epochs,
      long stepsPerEpoch,
      double secondsPerStep,
      double estimatedSeconds,
      BigDecimal estimatedCredits,
      String computeType,
      String computeSize,
      String assumptions) {
    static EstimateView of(DryRun.Report r) {
      return new EstimateView(
          r.valid(),
          r.errors(),
          r.warnings(),
          r.rows(),
          r.trainRows(),
          r.epochs(),
          r.stepsPerEpoch(),
          r.secondsPerStep(),
          r.estimatedSeconds(),
          r.estimatedCredits(),
          r.computeType().name().toLowerCase(Locale.ROOT),
          r.computeSize().name().toLowerCase(Locale.ROOT),
          r.assumptions());
    }
  }

  @PostMapping("/predict")
  @Operation(summary = "Predict with a catalogue entry's pretrained base model")
  PredictResponse predict(@Valid @RequestBody PredictRequest body) {
    requireEntry(body.catalogEntry());
    if (!catalogue.hasBaseModel(body.catalogEntry())) {
      throw new InvalidFieldException("catalogEntry", "ships no pretrained base model");
    }
    try {
      List<Map<String, ?>> rows = new ArrayList<>(body.rows());
      return new PredictResponse(
          body.catalogEntry(), Playground.predict(body.catalogEntry(), rows));
    } catch (IllegalArgumentException e) {
      throw atField(e.getMessage(), "rows");
    }
  }

  @PostMapping("/estimate")
  @Operation(
      summary =
          "Dry run: check a dataset against an entry, time a few real batches, and estimate the"
              + " training time and credits")
  EstimateView estimate(
      Caller caller,
      @Valid @RequestBody EstimateRequest body,
      @RequestParam(required = false) UUID tenantId) {
    requireEntry(body.catalogEntry());
    Dataset dataset = datasets.get(access.actingTenant(caller, tenantId), body.datasetId());
    ComputeType type = enumOf(ComputeType.class, body.computeType(), ComputeType.CPU);
    ComputeSize size = enumOf(ComputeSize.class, body.computeSize(), ComputeSize.SMALL);
    if (catalogue.find(body.catalogEntry()).orElseThrow().prices().stream()
        .noneMatch(p -> p.computeType() == type && p.computeSize() == size)) {
      throw new InvalidFieldException(
          "computeType", body.catalogEntry() + " does not run on " + body.computeType());
    }
    try {
      return EstimateView.of(
          Playground.estimate(
              body.catalogEntry(),
              datasets.file(dataset),
              body.target(),
              body.hyperparameters() == null ? Map.of() : body.hyperparameters(),
              type,
              size));
    } catch (HyperparameterException e) {
      throw new InvalidFieldException("hyperparameters." + e.field(), e.getMessage());
    } catch (ModelRuntimeException e) {
      throw new InvalidFieldException("datasetId", e.getMessage());
    }
  }

  private void requireEntry(String id) {
    if (catalogue.find(id).isEmpty()) {
      throw new InvalidFieldException(
          "catalogEntry", "unknown entry '" + id + "'; GET /api/v1/catalog lists the entries");
    }
  }

  /**
   * The runtime names the place at the start of its message ({@code rows[3].petal_width: ...});
   * keep it as the field.
   */
  private static InvalidFieldException atField(String message, String fallback) {
    int colon = message == null ? -1 : message.indexOf(": ");
    if (colon > 0 && message.startsWith(fallback)) {
      return new InvalidFieldException(message.substring(0, colon), message.substring(colon + 2));
    }
    return new InvalidFieldException(fallback, message);
  }

  private static <E extends Enum<E>> E enumOf(Class<E> type, String value, E fallback) {
    return value == null ? fallback : Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
  }
}
