package dev.millrace.platform.datasets;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;

/** Every query names the tenant: another tenant's dataset is simply not found. */
interface DatasetRepository extends JpaRepository<Dataset, UUID> {

  Optional<Dataset> findByIdAndTenantId(UUID id, UUID tenantId);

  List<Dataset> findByTenantIdOrderByCreatedAtDesc(UUID tenantId);
}
