package dev.millrace.platform.training;

import dev.millrace.platform.models.ModelVersion;
import dev.millrace.platform.models.ModelVersions;
import dev.millrace.workers.registry.ModelRegistry;
import java.nio.file.Path;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The {@code millrace.registry.register} step: the finished run's artifact becomes the next version
 * of its model, with the run's parent version and data as lineage. Lives with the runs (it reads
 * them) so the registry itself knows nothing of training.
 */
@Component
class RunRegistration implements ModelRegistry {

  private final RunStore store;
  private final ModelVersions versions;

  RunRegistration(RunStore store, ModelVersions versions) {
    this.store = store;
    this.versions = versions;
  }

  @Override
  public String registerFromRun(String runId) {
    UUID id =
        RunStore.parse(runId)
            .orElseThrow(() -> new IllegalArgumentException("'" + runId + "' is no run id"));
    TrainingRun run =
        store.find(id).orElseThrow(() -> new IllegalStateException("run " + runId + " not found"));
    if (!"succeeded".equals(run.outcome()) || run.artifactDir() == null) {
      throw new IllegalStateException("run " + runId + " has no finished artifact to register");
    }
    ModelVersion version =
        versions.register(
            new ModelVersions.Registration(
                run.tenantId(),
                run.id(),
                run.modelName(),
                run.parentVersionId(),
                run.datasetId(),
                Path.of(run.artifactDir())));
    store.update(id, r -> r.registered(version.id()));
    return version.id().toString();
  }
}
