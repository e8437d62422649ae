package dev.millrace.platform.training;

import dev.millrace.platform.datasets.Dataset;
import dev.millrace.platform.datasets.Datasets;
import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.training.RunViews.MetricsView;
import dev.millrace.platform.training.RunViews.RunView;
import dev.millrace.platform.web.ResultPage;
import dev.millrace.runtime.catalog.CatalogEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
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
@RequestMapping("/api/v1/training-runs")
@Tag(
    name = "training-runs",
    description =
        "Train a catalogue entry on a dataset: a train-model process with credits reserved up front")
class TrainingRunController {

  static final String MODEL_NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,99}";

  private final RunLauncher launcher;
  private final RunViews views;
  private final Datasets datasets;
  private final TenantAccess access;

  TrainingRunController(
      RunLauncher launcher, RunViews views, Datasets datasets, TenantAccess access) {
    this.launcher = launcher;
    this.views = views;
    this.datasets = datasets;
    this.access = access;
  }

  /**
   * @param epochs at most this many epochs (boosting rounds for trees); default: the entry's
   *     hyper-parameter
   * @param timeBudgetSeconds the run is stopped after this long; the reservation is the price of
   *     this many compute-seconds (default 3600)
   * @param modelName the registered model the version joins (default: the catalogue entry)
   */
  record TrainingRunRequest(
      @NotBlank String catalogEntry,
      @NotNull UUID datasetId,
      @NotBlank String target,
      Map<String, Object> hyperparameters,
      @NotBlank @Pattern(regexp = "cpu|gpu") String computeType,
      @NotBlank @Pattern(regexp = "small|medium|large") String computeSize,
      @Min(1) @Max(5000) Integer epochs,
      Long seed,
      @Min(1) @Max(604800) Integer timeBudgetSeconds,
      @Pattern(regexp = MODEL_NAME) String modelName) {}

  @PostMapping
  @Operation(
      summary =
          "Start a training run: credits for the time budget are reserved now (402 when the"
              + " tenant lacks them), then the train-model process runs it")
  ResponseEntity<RunView> start(
      Caller caller,
      @Valid @RequestBody TrainingRunRequest body,
      @RequestParam(required = false) UUID tenantId) {
    UUID tenant = access.actingTenant(caller, tenantId);
    CatalogEntry entry = launcher.entry(body.catalogEntry());
    String hyperparameters = launcher.checkedHyperparameters(entry, body.hyperparameters());
    Dataset dataset = datasets.get(tenant, body.datasetId());
    launcher.requireColumns(dataset, List.of(body.target()), "target");
    TrainingRun run =
        launcher.launch(
            tenant,
            entry,
            new TrainingRun.Spec(
                RunKind.TRAINING,
                body.modelName() == null ? entry.id() : body.modelName(),
                entry.id(),
                dataset.id(),
                body.target(),
                hyperparameters,
                body.epochs(),
                body.seed(),
                body.timeBudgetSeconds() == null
                    ? RunLauncher.DEFAULT_TIME_BUDGET_SECONDS
                    : body.timeBudgetSeconds(),
                body.computeType(),
                body.computeSize(),
                null,
                null,
                null,
                false));
    return ResponseEntity.created(URI.create("/api/v1/training-runs/" + run.id()))
        .body(views.view(run));
  }

  @GetMapping
  @Operation(summary = "The tenant's training runs, newest first")
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
        access.actingTenant(caller, tenantId), RunKind.TRAINING, RunState.of(state), page, size);
  }

  @GetMapping("/{runId}")
  @Operation(
      summary =
          "A run's state, current epoch and latest epoch metrics (live while it trains), final"
              + " metrics, failure, credits and process instance")
  RunView get(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    return views.view(views.find(access.actingTenant(caller, tenantId), RunKind.TRAINING, runId));
  }

  @GetMapping("/{runId}/metrics")
  @Operation(summary = "The run's per-epoch metrics so far")
  MetricsView metrics(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    return views.metrics(
        views.find(access.actingTenant(caller, tenantId), RunKind.TRAINING, runId));
  }

  @PostMapping("/{runId}/cancel")
  @Operation(
      summary =
          "Stop the run: the compute-seconds used are charged and the rest of the reservation"
              + " released (409 once its compute has ended)")
  ResponseEntity<RunView> cancel(
      Caller caller, @PathVariable UUID runId, @RequestParam(required = false) UUID tenantId) {
    TrainingRun run = views.find(access.actingTenant(caller, tenantId), RunKind.TRAINING, runId);
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(views.view(launcher.cancel(run)));
  }
}
