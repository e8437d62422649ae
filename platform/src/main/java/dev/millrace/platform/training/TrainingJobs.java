package dev.millrace.platform.training;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.millrace.platform.PlatformProperties;
import dev.millrace.platform.datasets.Datasets;
import dev.millrace.platform.models.ModelVersions;
import dev.millrace.workers.compute.TrainingJob;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Turns a stored run into the job a compute backend executes. */
@Component
class TrainingJobs {

  private final Datasets datasets;
  private final ModelVersions versions;
  private final ObjectMapper json;
  private final Path runsRoot;

  TrainingJobs(
      Datasets datasets, ModelVersions versions, ObjectMapper json, PlatformProperties platform) {
    this.datasets = datasets;
    this.versions = versions;
    this.json = json;
    this.runsRoot = platform.dataDir().toAbsolutePath().resolve("runs");
  }

  /**
   * @throws dev.millrace.platform.web.NotFoundException when the dataset or the parent version is
   *     gone
   */
  TrainingJob jobFor(TrainingRun run) {
    Path data = datasets.file(datasets.get(run.tenantId(), run.datasetId()));
    Path parent = null;
    TrainingJob.FineTuneOptions fineTune = null;
    if (run.kind() == RunKind.FINE_TUNE) {
      parent = versions.artifactDir(versions.get(run.tenantId(), run.parentVersionId()));
      fineTune =
          new TrainingJob.FineTuneOptions(
              run.learningRateFactor(), run.freezeLayers(), run.newHead());
    }
    return new TrainingJob(
        run.id().toString(),
        run.tenantId().toString(),
        run.catalogEntry(),
        data,
        run.target(),
        hyperparameters(run),
        run.epochs(),
        run.seed(),
        parent,
        fineTune,
        run.computeType(),
        run.computeSize(),
        workDir(run));
  }

  /** Checkpoints and the finished artifact; kept across restarts so a run can resume. */
  Path workDir(TrainingRun run) {
    return runsRoot.resolve(run.id().toString());
  }

  Map<String, Object> hyperparameters(TrainingRun run) {
    try {
      return json.readValue(run.hyperparameters(), new TypeReference<>() {});
    } catch (IOException e) {
      throw new UncheckedIOException("stored hyper-parameters of run " + run.id(), e);
    }
  }
}
