package dev.millrace.workers;

import dev.millrace.workers.datasets.DatasetChecks;
import dev.millrace.workers.registry.ModelRegistry;
import dev.millrace.workers.runs.TrainingRuns;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** The steps of train-model and fine-tune-model. */
@Component
public class TrainingWorkers {

  private final TrainingRuns runs;
  private final DatasetChecks datasets;
  private final ModelRegistry registry;

  public TrainingWorkers(TrainingRuns runs, DatasetChecks datasets, ModelRegistry registry) {
    this.runs = runs;
    this.datasets = datasets;
    this.registry = registry;
  }

  @JobWorker(type = "millrace.datasets.validate")
  public void validateDataset(
      @Variable String tenantId,
      @Variable String datasetId,
      @Variable String target,
      @Variable String catalogEntry) {
    Failures.asBpmnError(
        () -> datasets.validateForTraining(tenantId, datasetId, target, catalogEntry));
  }

  @JobWorker(type = "millrace.training.start")
  public void start(@Variable String trainingRunId) {
    Failures.asBpmnError(() -> runs.startCompute(trainingRunId));
  }

  @JobWorker(type = "millrace.training.cancel")
  public void cancel(@Variable String trainingRunId) {
    runs.cancelCompute(trainingRunId);
  }

  @JobWorker(type = "millrace.training.evaluate")
  public Map<String, Object> evaluate(@Variable String trainingRunId) {
    return Map.of("evaluation", runs.evaluate(trainingRunId));
  }

  @JobWorker(type = "millrace.registry.register")
  public Map<String, Object> register(@Variable String trainingRunId) {
    return Map.of("modelVersionId", registry.registerFromRun(trainingRunId));
  }

  @JobWorker(type = "millrace.training.finish")
  public void finish(
      @Variable String trainingRunId,
      @Variable String status,
      @Variable(optional = true) String failureMessage) {
    runs.finish(trainingRunId, status, failureMessage);
  }
}
