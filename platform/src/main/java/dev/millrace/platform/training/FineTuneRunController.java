package dev.millrace.platform.training;

import dev.millrace.platform.datasets.Dataset;
import dev.millrace.platform.datasets.Datasets;
import dev.millrace.platform.models.ModelVersion;
import dev.millrace.platform.models.ModelVersions;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.training.RunViews.MetricsView;
import dev.millrace.platform.training.RunViews.RunView;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.platform.web.ResultPage;
import dev.millrace.runtime.artifact.ModelArtifact;
import dev.millrace.runtime.catalog.CatalogEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/fine-tune-runs")
@Tag(
    name = "fine-tune-runs",
    description =
        "Fine-tune a registered model version, on its own data or new data: a fine-tune-model"
            + " process; the new version records its parent")
class FineTuneRunController {

  private final RunLauncher launcher;
  private final RunViews views;
  private final RunStore store;
  private final Datasets datasets;
  private final ModelVersions versions;
  private final TenantAccess access;

  FineTuneRunController(
      RunLauncher launcher,
      RunViews views,
      RunStore store,
      Datasets datasets,
      ModelVersions versions,
      TenantAccess access) {
    this.launcher = launcher;
    this.views = views;
    this.store = store;
    this.datasets = datasets;
    this.versions = versions;
    this.access = access;
  }

  /**
   * @param datasetId new data (it must have the parent's feature columns and target); default: the
   *     data the parent was trained on
   * @param learningRateFactor the parent's learning rate is multiplied by this (default: the
   *     runtime's 0.1)
   * @param freezeLayers how many layers, input side first, keep their weights
   * @param newHead a fresh output layer (e.g. for new labels)
   */
  record FineTuneRunRequest(
      @NotNull UUID modelVersionId,
      UUID datasetId,
      Map<String, Object> hyperparameters,
      @DecimalMin(value = "0.0", inclusive = false) @DecimalMax("10.0") Double learningRateFactor,
      @Min(0) @Max(64) Integer freezeLayers,
      Boolean newHead,
      @NotBlank @Pattern(regexp = "cpu|gpu") String computeType,
      @NotBlank @Pattern(regexp = "small|medium|large") String computeSize,
      @Min(1) @Max(5000) Integer epochs,
      Long seed,
      @Min(1) @Max(604800) Integer timeBudgetSeconds) {}

  @PostMapping
  @Operation(
      summary =
          "Start fine-tuning a model version: credits reserved now (402 when lacking), then the"
              + " fine-tune-model process runs it")
  ResponseEntity<RunView> start(
      Caller caller,
      @Valid @RequestBody FineTuneRunRequest body,
      @RequestParam(required = false) UUID tenantId) {
    UUID tenant = access.actingTenant(caller, tenantId);
    ModelVersion parent = versions.get(tenant, body.modelVersionId());
    TrainingRun parentRun =
        store
            .find(parent.trainingRunId())
            .orElseThrow(() -> new NotFoundException("model version", body.modelVersionId()));
    CatalogEntry entry = launcher.entry(parent.catalogEntry());
    String hyperparameters = launcher.checkedHyperparameters(entry, body.hyperparameters());
    Dataset dataset;
    if (body.datasetId() == null) {
      try {
        dataset = datasets.get(tenant, parent.datasetId());
      } catch (NotFoundException gone) {
        throw new InvalidFieldException(
            "datasetId", "the parent's training data was deleted; name a dataset to fine-tune on");
      }
    } else {
      dataset = datasets.get(tenant, body.datasetId());
      List<String> needed =
          new ArrayList<>(ModelArtifact.load(versions.artifactDir(parent)).card().inputs());
      needed.add(parentRun.target());
      launcher.requireColumns(dataset, needed, "datasetId");
    }
    TrainingRun run =
        launcher.launch(
            tenant,
            entry,
            new TrainingRun.Spec(
                RunKind.FINE_TUNE,
                parent.modelName(),
                entry.id(),
                dataset.id(),
                parentRun.target(),
                hyperparameters,
                body.epochs(),
                body.seed(),
                body.timeBudgetSeconds() == null
                    ? RunLauncher.DEFAULT_TIME_BUDGET_SECONDS
                    : body.timeBudgetSeconds(),
                body.computeType(),
                body.computeSize(),
                parent.id(),
                body.learningRateFactor(),
                body.freezeLayers(),
                Boolean.TRUE.equals(body.newHead())));
    return ResponseEntity.created(URI.create("/api/v1/fine-tune-runs/" + run.id()))
        .body(views.view(run));
  }

  @GetMapping
  @Operation(summary = "The tenant's fine-tune runs, newest first")
  ResultPage<RunView> list(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(required = false)
          @Pattern(
              regexp =
                  "pending|starting|running|finishing|succeeded|failed|cancelled|timed_out|rejected")
          String state,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    return views.list(
        access.actingTenant(caller, tenantId), RunKind.FINE_TUNE, RunState.of(state), page, size);
  }

  @GetMapping("/{runId}")
  @Operation(summary = "A fine-tune run's state, progress, metrics, credits and process instance")
  RunView get(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    return views.view(views.find(access.actingTenant(caller, tenantId), RunKind.FINE_TUNE, runId));
  }

  @GetMapping("/{runId}/metrics")
  @Operation(summary = "The fine-tune run's per-epoch metrics so far")
  MetricsView metrics(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    return views.metrics(
        views.find(access.actingTenant(caller, tenantId), RunKind.FINE_TUNE, runId));
  }

  @PostMapping("/{runId}/cancel")
  @Operation(summary = "Stop the run: compute used is charged, the rest released")
  ResponseEntity<RunView> cancel(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    TrainingRun run = views.find(access.actingTenant(caller, tenantId), RunKind.FINE_TUNE, runId);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.view(launcher.cancel(run)));
  }
}
