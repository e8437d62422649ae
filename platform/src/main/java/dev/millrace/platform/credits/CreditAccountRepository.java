package dev.millrace.platform.credits;

import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

interface CreditAccountRepository extends JpaRepository<CreditAccount, String> {

  /** {@code SELECT ... FOR UPDATE}: the ledger's per-tenant lock (see DoubleEntryLedger). */
  @Lock(LockModeType.PESSIMISTIC_WRITE)
  @Query("select a from CreditAccount a where a.id = :id")
  Optional<CreditAccount> lockById(String id);

  List<CreditAccount> findByTenantId(UUID tenantId);
}
