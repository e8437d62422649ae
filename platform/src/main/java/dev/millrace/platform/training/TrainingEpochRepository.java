package dev.millrace.platform.training;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Reached only through a run already checked against the tenant. */
interface TrainingEpochRepository extends JpaRepository<TrainingEpoch, TrainingEpoch.Id> {

  @Query("select e from TrainingEpoch e where e.id.runId = :runId order by e.id.epoch")
  List<TrainingEpoch> findByRun(UUID runId);

  @Query(
      "select e from TrainingEpoch e where e.id.runId = :runId and e.id.epoch ="
          + " (select max(l.id.epoch) from TrainingEpoch l where l.id.runId = :runId)")
  Optional<TrainingEpoch> latest(UUID runId);
}
