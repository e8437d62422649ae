package dev.millrace.platform.training;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

/** REST queries name the tenant; the process steps go by run id (the process owns the run). */
interface TrainingRunRepository extends JpaRepository<TrainingRun, UUID> {

  Optional<TrainingRun> findByIdAndTenantIdAndKind(UUID id, UUID tenantId, RunKind kind);

  Page<TrainingRun> findByTenantIdAndKind(UUID tenantId, RunKind kind, Pageable page);

  Page<TrainingRun> findByTenantIdAndKindAndState(
      UUID tenantId, RunKind kind, RunState state, Pageable page);

  List<TrainingRun> findByStateIn(Collection<RunState> states);
}
