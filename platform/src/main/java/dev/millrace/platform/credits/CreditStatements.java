package dev.millrace.platform.credits;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The read side of the ledger: balances, transactions with their entries, reservations. */
@Service
public class CreditStatements {

  /** A transaction with its entries (which sum to zero). */
  public record Statement(CreditTransaction transaction, List<CreditEntry> entries) {}

  private final CreditAccountRepository accounts;
  private final CreditTransactionRepository transactions;
  private final CreditEntryRepository entries;
  private final CreditReservationRepository reservations;

  CreditStatements(
      CreditAccountRepository accounts,
      CreditTransactionRepository transactions,
      CreditEntryRepository entries,
      CreditReservationRepository reservations) {
    this.accounts = accounts;
    this.transactions = transactions;
    this.entries = entries;
    this.reservations = reservations;
  }

  /** Micro-credits per account kind of the tenant. */
  @Transactional(readOnly = true)
  public Map<AccountKind, Long> balances(UUID tenantId) {
    Map<AccountKind, Long> balances = new EnumMap<>(AccountKind.class);
    accounts.findByTenantId(tenantId).forEach(a -> balances.put(a.kind(), a.balance()));
    return balances;
  }

  /** Newest first. */
  @Transactional(readOnly = true)
  public Page<Statement> ledger(UUID tenantId, int page, int size) {
    Page<CreditTransaction> found =
        transactions.findByTenantId(
            tenantId, PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    Map<Long, List<CreditEntry>> byTransaction = new LinkedHashMap<>();
    found.forEach(t -> byTransaction.put(t.id(), new ArrayList<>()));
    entries
        .findByTransactionIdInOrderById(byTransaction.keySet())
        .forEach(e -> byTransaction.get(e.transactionId()).add(e));
    return found.map(t -> new Statement(t, byTransaction.get(t.id())));
  }

  @Transactional(readOnly = true)
  public List<CreditEntry> ledgerEntries(long transactionId) {
    return entries.findByTransactionIdInOrderById(List.of(transactionId));
  }

  /** One reservation by its key (a run's is {@code run:<id>}). */
  @Transactional(readOnly = true)
  public Optional<CreditReservation> reservation(String key) {
    return reservations.findById(key);
  }

  @Transactional(readOnly = true)
  public List<CreditReservation> reservations(UUID tenantId, CreditReservation.State state) {
    return state == null
        ? reservations.findByTenantIdOrderByCreatedAt(tenantId)
        : reservations.findByTenantIdAndStateOrderByCreatedAt(tenantId, state);
  }
}
