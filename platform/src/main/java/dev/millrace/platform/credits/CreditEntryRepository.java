package dev.millrace.platform.credits;

import java.util.Collection;
import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

interface CreditEntryRepository extends JpaRepository<CreditEntry, Long> {

  List<CreditEntry> findByTransactionIdInOrderById(Collection<Long> transactionIds);
}
