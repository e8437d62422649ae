package dev.millrace.platform.deployments;

import dev.millrace.platform.models.ModelStage;
import dev.millrace.platform.models.ModelVersion;
import dev.millrace.platform.models.ModelVersions;
import dev.millrace.platform.web.NotFoundException;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@link DeployableModels} from the model registry: the tenant's registered model versions. */
@Component
class RegisteredModels implements DeployableModels {

  private final ModelVersions versions;

  RegisteredModels(ModelVersions versions) {
    this.versions = versions;
  }

  @Override
  public Optional<DeployableModel> find(UUID tenantId, UUID modelVersionId) {
    ModelVersion version;
    try {
      version = versions.get(tenantId, modelVersionId);
    } catch (NotFoundException e) {
      return Optional.empty();
    }
    return Optional.of(
        new DeployableModel(
            version.id(),
            version.catalogEntry(),
            versions.artifactDir(version),
            version.stage() == ModelStage.ARCHIVED));
  }
}
