package dev.millrace.platform.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.catalog.Catalogue;
import dev.millrace.platform.datasets.Dataset;
import dev.millrace.platform.datasets.Datasets;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.UnavailableException;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.runtime.catalog.HyperparameterException;
import dev.millrace.runtime.catalog.Hyperparameters;
import dev.millrace.workers.compute.ComputeBackend;
import dev.millrace.workers.credits.CreditLedger;
import io.camunda.client.CamundaClient;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Starts runs for the REST API: checks the request, reserves the credits in the request itself
 * (under the key {@code run:<id>}, which the process's own reserve step then finds already made),
 * and starts the run's process. Not enough credits: a 402 and nothing else happens.
 */
@Service
class RunLauncher {

  private static final Logger log = LoggerFactory.getLogger(RunLauncher.class);

  /** When the request names no time budget. */
  static final int DEFAULT_TIME_BUDGET_SECONDS = 3600;

  private final TrainingRunRepository runs;
  private final RunStore store;
  private final Catalogue catalogue;
  private final Datasets datasets;
  private final TrainingTariff tariff;
  private final CreditLedger ledger;
  private final CamundaClient engine;
  private final ObjectProvider<ComputeBackend> compute;
  private final RunSteps steps;
  private final ObjectMapper json;
  private final Clock clock;

  RunLauncher(
      TrainingRunRepository runs,
      RunStore store,
      Catalogue catalogue,
      Datasets datasets,
      TrainingTariff tariff,
      CreditLedger ledger,
      CamundaClient engine,
      ObjectProvider<ComputeBackend> compute,
      RunSteps steps,
      ObjectMapper json,
      Clock clock) {
    this.runs = runs;
    this.store = store;
    this.catalogue = catalogue;
    this.datasets = datasets;
    this.tariff = tariff;
    this.ledger = ledger;
    this.engine = engine;
    this.compute = compute;
    this.steps = steps;
    this.json = json;
    this.clock = clock;
  }

  CatalogEntry entry(String id) {
    return catalogue
        .find(id)
        .orElseThrow(
            () ->
                new InvalidFieldException(
                    "catalogEntry",
                    "unknown entry '" + id + "'; GET /api/v1/catalog lists the entries"));
  }

  /** The hyper-parameters as given, once the entry's schema accepts them. */
  String checkedHyperparameters(CatalogEntry entry, Map<String, Object> given) {
    Map<String, Object> values = given == null ? Map.of() : given;
    try {
      Hyperparameters.resolve(entry, values);
    } catch (HyperparameterException e) {
      throw new InvalidFieldException("hyperparameters." + e.field(), e.getMessage());
    }
    try {
      return json.writeValueAsString(values);
    } catch (JsonProcessingException e) {
      throw new InvalidFieldException("hyperparameters", e.getOriginalMessage());
    }
  }

  /**
   * The dataset was valid at upload and has these columns; the process checks it again, with the
   * target and the entry's task, before any compute.
   *
   * @param field where the request names the columns ("target", or "datasetId" when they come from
   *     a parent model)
   */
  void requireColumns(Dataset dataset, Collection<String> columns, String field) {
    JsonNode profile = datasets.profileOf(dataset);
    if (!dataset.valid()) {
      // Known bad at upload: no credits are reserved for it.
      JsonNode first = profile.path("errors").path(0);
      throw new InvalidFieldException(
          "datasetId",
          "dataset '"
              + dataset.name()
              + "' is invalid ("
              + (first.isMissingNode()
                  ? dataset.errorCount() + " errors"
                  : "line "
                      + first.path("line").asText()
                      + ", column "
                      + first.path("column").asText()
                      + ": "
                      + first.path("message").asText())
              + "); see its validation report at /api/v1/datasets/"
              + dataset.id());
    }
    List<String> present = new ArrayList<>();
    profile.path("columns").forEach(c -> present.add(c.path("name").asText()));
    List<String> missing = columns.stream().filter(c -> !present.contains(c)).toList();
    if (!missing.isEmpty()) {
      throw new InvalidFieldException(
          field,
          "dataset '"
              + dataset.name()
              + "' has no column "
              + String.join(", ", missing.stream().map(c -> "'" + c + "'").toList())
              + "; its columns: "
              + String.join(", ", present));
    }
  }

  /** Checks compute and credits, stores the run, reserves, and starts its process. */
  TrainingRun launch(UUID tenantId, CatalogEntry entry, TrainingRun.Spec spec) {
    BigDecimal price = price(entry, spec.computeType(), spec.computeSize());
    long reservation = Math.max(1, TrainingTariff.microCredits(price, spec.timeBudgetSeconds()));
    UUID id = UUID.randomUUID();
    TrainingRun run =
        runs.saveAndFlush(new TrainingRun(id, tenantId, spec, reservation, clock.instant()));
    try {
      ledger.reserve(
          tenantId.toString(), reservation, run.reservationKey(), "training " + run.id());
    } catch (RuntimeException e) {
      // 402 (InsufficientCreditsException) or anything else: nothing was reserved, no run stays.
      runs.deleteById(id);
      throw e;
    }
    long processKey;
    try {
      processKey =
          engine
              .newCreateInstanceCommand()
              .bpmnProcessId(spec.kind().processId())
              .latestVersion()
              .variables(variables(run))
              .requestTimeout(Duration.ofSeconds(30))
              .send()
              .join()
              .getProcessInstanceKey();
    } catch (RuntimeException e) {
      log.warn("The engine did not start the process of run {}", id, e);
      ledger.release(run.reservationKey(), "release:" + id);
      store.update(
          id,
          r ->
              r.finish(
                  RunState.FAILED,
                  "the process engine did not start the run: " + e.getMessage(),
                  clock.instant()));
      throw new UnavailableException(
          "engine-unavailable",
          "The process engine did not start the run (" + e.getMessage() + "); nothing was charged");
    }
    return store.update(id, r -> r.processStarted(processKey)).orElseThrow();
  }

  /**
   * Asks the run to stop. Its compute is stopped (or never started); the process then charges the
   * compute-seconds used and releases the rest of the reservation.
   */
  TrainingRun cancel(TrainingRun run) {
    if (run.state().isFinal() || run.outcome() != null) {
      throw new ConflictException(
          "run-ended",
          "Run "
              + run.id()
              + " can no longer be cancelled: its compute has ended ("
              + (run.outcome() != null ? run.outcome() : run.state().label())
              + ")");
    }
    TrainingRun marked = store.update(run.id(), TrainingRun::requestCancel).orElseThrow();
    if (marked.state().computeLive()) {
      steps.cancelCompute(marked.id().toString());
    }
    // PENDING: the start step sees the request and reports the run cancelled without compute.
    return store.find(run.id()).orElseThrow();
  }

  private BigDecimal price(CatalogEntry entry, String computeType, String computeSize) {
    ComputeType type = ComputeType.valueOf(computeType.toUpperCase(Locale.ROOT));
    ComputeSize size = ComputeSize.valueOf(computeSize.toUpperCase(Locale.ROOT));
    if (entry.prices().stream()
        .noneMatch(p -> p.computeType() == type && p.computeSize() == size)) {
      throw new InvalidFieldException(
          "computeType", entry.id() + " does not run on " + computeType + " (no price for it)");
    }
    if (type == ComputeType.GPU) {
      ComputeBackend backend = compute.getIfAvailable();
      if (backend == null || !backend.gpuAvailable()) {
        throw new InvalidFieldException(
            "computeType",
            "gpu is not available: this platform's compute backend has no usable GPU; use cpu");
      }
    }
    return tariff.pricePerSecond(entry.id(), computeType, computeSize);
  }

  private Map<String, Object> variables(TrainingRun run) {
    Map<String, Object> variables = new HashMap<>();
    variables.put("trainingRunId", run.id().toString());
    variables.put("tenantId", run.tenantId().toString());
    variables.put("reservationMicroCredits", run.reservedMicroCredits());
    variables.put("budgetSeconds", run.timeBudgetSeconds());
    variables.put("catalogEntry", run.catalogEntry());
    variables.put("datasetId", run.datasetId().toString());
    variables.put("target", run.target());
    variables.put("computeType", run.computeType());
    variables.put("computeSize", run.computeSize());
    if (run.parentVersionId() != null) {
      variables.put("parentModelVersionId", run.parentVersionId().toString());
    }
    return variables;
  }
}
