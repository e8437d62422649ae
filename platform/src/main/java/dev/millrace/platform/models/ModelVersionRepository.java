package dev.millrace.platform.models;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** Every query names the tenant, except the registration's lookup by run (already tenant-bound). */
interface ModelVersionRepository
    extends JpaRepository<ModelVersion, UUID>, JpaSpecificationExecutor<ModelVersion> {

  Optional<ModelVersion> findByIdAndTenantId(UUID id, UUID tenantId);

  Optional<ModelVersion> findByTrainingRunId(UUID trainingRunId);

  @Query(
      "select coalesce(max(v.version), 0) from ModelVersion v"
          + " where v.tenantId = :tenantId and v.modelName = :modelName")
  int highestVersion(UUID tenantId, String modelName);

  List<ModelVersion> findByTenantIdAndModelNameAndStage(
      UUID tenantId, String modelName, ModelStage stage);
}
