package dev.millrace.platform.deployments;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Looked up by deployment only: callers reach a deployment through its tenant first. */
interface ScalingEventRepository extends JpaRepository<ScalingEventRecord, Long> {

  Page<ScalingEventRecord> findByDeploymentId(UUID deploymentId, Pageable page);

  @Query("select max(e.occurredAt) from ScalingEventRecord e where e.deploymentId = :deploymentId")
  Optional<Instant> latest(UUID deploymentId);
}
