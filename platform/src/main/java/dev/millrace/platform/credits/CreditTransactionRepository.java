package dev.millrace.platform.credits;

import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

interface CreditTransactionRepository extends JpaRepository<CreditTransaction, Long> {

  Optional<CreditTransaction> findByIdempotencyKey(String idempotencyKey);

  Page<CreditTransaction> findByTenantId(UUID tenantId, Pageable page);
}
