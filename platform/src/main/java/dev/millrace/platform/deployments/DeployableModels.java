package dev.millrace.platform.deployments;

import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;

/** Where deployments find the model versions they serve: the model registry, per tenant. */
public interface DeployableModels {

  /** The tenant's model version; empty when it has none with this id. */
  Optional<DeployableModel> find(UUID tenantId, UUID modelVersionId);

  /**
   * @param catalogEntry the catalogue entry it was trained from (its prices apply)
   * @param artifactDir the version's artifact: weights, model card, preprocessing
   * @param retired whether it was archived (not deployable until it is a candidate again)
   */
  record DeployableModel(UUID id, String catalogEntry, Path artifactDir, boolean retired) {}
}
