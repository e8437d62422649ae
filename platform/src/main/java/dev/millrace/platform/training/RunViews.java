package dev.millrace.platform.training;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.millrace.platform.credits.CreditReservation;
import dev.millrace.platform.credits.CreditStatements;
import dev.millrace.platform.credits.Credits;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.platform.web.ResultPage;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** How runs look in the API; shared by training-runs and fine-tune-runs. */
@Component
class RunViews {

  /**
   * @param latestEpoch the last epoch the backend reported (live while the run trains)
   */
  record Progress(int currentEpoch, Integer maxEpochs, JsonNode latestEpoch, String device) {}

  /**
   * @param reserved set aside for the run (price x time budget, plus any top-up)
   * @param charged captured for the compute-seconds used
   * @param released returned to the balance
   * @param open whether the reservation still holds credits
   */
  record CreditsView(BigDecimal reserved, BigDecimal charged, BigDecimal released, boolean open) {}

  record FineTuneView(
      UUID parentModelVersionId,
      Double learningRateFactor,
      Integer freezeLayers,
      boolean newHead) {}

  /**
   * @param metrics held-out test metrics once compute succeeded
   * @param evaluation what the process's evaluation step recorded
   * @param outcome how compute ended: succeeded, failed or cancelled
   */
  record RunView(
      UUID id,
      String kind,
      String state,
      String modelName,
      String catalogEntry,
      UUID datasetId,
      String target,
      JsonNode hyperparameters,
      Integer epochs,
      Long seed,
      int timeBudgetSeconds,
      String computeType,
      String computeSize,
      @Nullable FineTuneView fineTune,
      Progress progress,
      JsonNode metrics,
      JsonNode evaluation,
      String outcome,
      Double computeSeconds,
      String failureMessage,
      boolean cancelRequested,
      CreditsView credits,
      UUID modelVersionId,
      Long processInstanceKey,
      Instant createdAt,
      Instant startedAt,
      Instant computeEndedAt,
      Instant finishedAt) {}

  /** One epoch: its number, when it was reported, and the runtime's metrics for it. */
  record EpochView(int epoch, Instant recordedAt, JsonNode metrics) {}

  record MetricsView(
      UUID runId, String state, Integer maxEpochs, String metricName, List<EpochView> epochs) {}

  private final TrainingRunRepository runs;
  private final TrainingEpochRepository epochs;
  private final CreditStatements credits;
  private final ObjectMapper json;

  RunViews(
      TrainingRunRepository runs,
      TrainingEpochRepository epochs,
      CreditStatements credits,
      ObjectMapper json) {
    this.runs = runs;
    this.epochs = epochs;
    this.credits = credits;
    this.json = json;
  }

  @Transactional(readOnly = true)
  TrainingRun find(UUID tenantId, RunKind kind, UUID id) {
    return runs.findByIdAndTenantIdAndKind(id, tenantId, kind)
        .orElseThrow(
            () ->
                new NotFoundException(
                    kind == RunKind.TRAINING ? "training run" : "fine-tune run", id));
  }

  @Transactional(readOnly = true)
  ResultPage<RunView> list(
      UUID tenantId, RunKind kind, @Nullable RunState state, int page, int size) {
    var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
    var found =
        state == null
            ? runs.findByTenantIdAndKind(tenantId, kind, request)
            : runs.findByTenantIdAndKindAndState(tenantId, kind, state, request);
    return ResultPage.of(found, list -> list.stream().map(this::view).toList());
  }

  RunView view(TrainingRun run) {
    CreditsView creditsView =
        credits
            .reservation(run.reservationKey())
            .map(
                r ->
                    new CreditsView(
                        Credits.decimal(r.reserved()),
                        Credits.decimal(r.captured()),
                        Credits.decimal(r.released()),
                        r.state() == CreditReservation.State.OPEN))
            .orElse(
                new CreditsView(
                    BigDecimal.ZERO.setScale(6),
                    BigDecimal.ZERO.setScale(6),
                    BigDecimal.ZERO.setScale(6),
                    false));
    JsonNode latest = epochs.latest(run.id()).map(e -> parse(e.metrics())).orElse(null);
    return new RunView(
        run.id(),
        run.kind().name().toLowerCase(Locale.ROOT).replace('_', '-'),
        run.state().label(),
        run.modelName(),
        run.catalogEntry(),
        run.datasetId(),
        run.target(),
        parse(run.hyperparameters()),
        run.epochs(),
        run.seed(),
        run.timeBudgetSeconds(),
        run.computeType(),
        run.computeSize(),
        run.kind() == RunKind.FINE_TUNE
            ? new FineTuneView(
                run.parentVersionId(), run.learningRateFactor(), run.freezeLayers(), run.newHead())
            : null,
        new Progress(run.currentEpoch(), run.maxEpochs(), latest, run.device()),
        parse(run.testMetrics()),
        parse(run.evaluation()),
        run.outcome(),
        run.computeSeconds(),
        run.failureMessage(),
        run.cancelRequested(),
        creditsView,
        run.modelVersionId(),
        run.processInstanceKey(),
        run.createdAt(),
        run.startedAt(),
        run.computeEndedAt(),
        run.finishedAt());
  }

  MetricsView metrics(TrainingRun run) {
    List<EpochView> series =
        epochs.findByRun(run.id()).stream()
            .map(e -> new EpochView(e.epoch(), e.recordedAt(), strip(parse(e.metrics()))))
            .toList();
    String metricName =
        series.isEmpty() ? null : series.get(0).metrics().path("metricName").asText(null);
    return new MetricsView(run.id(), run.state().label(), run.maxEpochs(), metricName, series);
  }

  /** The runtime's event envelope is not a metric. */
  private static JsonNode strip(JsonNode metrics) {
    if (metrics instanceof ObjectNode object) {
      object.remove("event");
      object.remove("epoch");
    }
    return metrics;
  }

  private JsonNode parse(String document) {
    if (document == null) {
      return null;
    }
    try {
      return json.readTree(document);
    } catch (IOException e) {
      return null;
    }
  }
}
