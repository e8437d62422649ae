package dev.millrace.platform.datasets;

import dev.millrace.platform.catalog.Catalogue;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.data.DataIssue;
import dev.millrace.runtime.data.DatasetProfile;
import dev.millrace.runtime.data.DatasetProfiler;
import dev.millrace.workers.WorkerFailure;
import dev.millrace.workers.datasets.DatasetChecks;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The {@code millrace.datasets.validate} step: the dataset exists for the tenant, is unchanged
 * since upload, and is valid for the target and the entry's task. Anything else is an {@code
 * INVALID_DATASET} failure naming line and column, before any credits or compute are spent.
 */
@Component
class DatasetTrainingChecks implements DatasetChecks {

  private final Datasets datasets;
  private final Catalogue catalogue;

  DatasetTrainingChecks(Datasets datasets, Catalogue catalogue) {
    this.datasets = datasets;
    this.catalogue = catalogue;
  }

  @Override
  public void validateForTraining(
      String tenantId, String datasetId, String target, String catalogEntry) {
    Dataset dataset = find(tenantId, datasetId);
    CatalogEntry entry =
        catalogue
            .find(catalogEntry)
            .orElseThrow(
                () ->
                    WorkerFailure.invalidDataset("unknown catalogue entry '" + catalogEntry + "'"));
    DatasetProfile profile = DatasetProfiler.profile(datasets.file(dataset), target, entry.task());
    if (!profile.sha256().equals(dataset.sha256())) {
      throw WorkerFailure.invalidDataset(
          "dataset " + datasetId + " changed on disk since it was uploaded");
    }
    if (!profile.valid()) {
      DataIssue first = profile.errors().get(0);
      int more = profile.errors().size() - 1;
      throw WorkerFailure.invalidDataset(
          "dataset "
              + dataset.name()
              + ": "
              + first
              + (more > 0 ? " (and " + more + " more problems)" : ""));
    }
  }

  private Dataset find(String tenantId, String datasetId) {
    try {
      return datasets.get(UUID.fromString(tenantId), UUID.fromString(datasetId));
    } catch (IllegalArgumentException | NotFoundException e) {
      throw WorkerFailure.invalidDataset("dataset " + datasetId + " not found");
    }
  }
}
