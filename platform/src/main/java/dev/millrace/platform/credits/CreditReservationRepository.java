package dev.millrace.platform.credits;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

interface CreditReservationRepository extends JpaRepository<CreditReservation, String> {

  /** The tenant alone, without loading the row into the session before the tenant is locked. */
  @Query("select r.tenantId from CreditReservation r where r.reservationKey = :key")
  Optional<UUID> tenantOf(String key);

  List<CreditReservation> findByTenantIdOrderByCreatedAt(UUID tenantId);

  List<CreditReservation> findByTenantIdAndStateOrderByCreatedAt(
      UUID tenantId, CreditReservation.State state);
}
