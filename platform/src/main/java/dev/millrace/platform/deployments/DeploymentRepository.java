package dev.millrace.platform.deployments;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/**
 * Queries the REST API makes name the tenant; the process steps and the backend's reports find a
 * deployment by its id alone (the process and the endpoint already belong to one tenant).
 */
interface DeploymentRepository extends JpaRepository<Deployment, UUID> {

  Optional<Deployment> findByIdAndTenantId(UUID id, UUID tenantId);

  Page<Deployment> findByTenantId(UUID tenantId, Pageable page);

  Page<Deployment> findByTenantIdAndStatus(UUID tenantId, DeploymentStatus status, Pageable page);

  boolean existsByTenantIdAndLiveName(UUID tenantId, String liveName);

  boolean existsByLiveEndpointName(String liveEndpointName);

  List<Deployment> findByStatusIn(Collection<DeploymentStatus> statuses);

  /** Count and summed maxReplicas of the tenant's deployments in these statuses, made by then. */
  @Query(
      "select count(d), coalesce(sum(d.maxReplicas), 0) from Deployment d"
          + " where d.tenantId = :tenantId and d.status in :statuses and d.createdAt <= :madeBy")
  List<Object[]> usage(UUID tenantId, Collection<DeploymentStatus> statuses, Instant madeBy);

  /** The row, locked for the rest of the transaction: billing steps run one at a time. */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select d from Deployment d where d.id = :id")
  Optional<Deployment> lockById(UUID id);
}
