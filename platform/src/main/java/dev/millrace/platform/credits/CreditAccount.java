package dev.millrace.platform.credits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.util.UUID;

/**
 * One account of the ledger with its running balance. The balance is the sum of the account's
 * entries, kept on the row so a reservation checks it under the row lock in one read.
 */
@Entity
@Table(name = "credit_accounts")
public class CreditAccount {

  @Id private String id;

  private UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private AccountKind kind;

  @Column(nullable = false)
  private long balance;

  protected CreditAccount() {}

  CreditAccount(UUID tenantId, AccountKind kind) {
    this.id = kind.accountId(tenantId);
    this.tenantId = tenantId;
    this.kind = kind;
  }

  public String id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public AccountKind kind() {
    return kind;
  }

  public long balance() {
    return balance;
  }

  void post(long microCredits) {
    long next = Math.addExact(balance, microCredits);
    if (next < 0 && kind != AccountKind.GRANTS) {
      // The ledger checks before it moves; reaching this is a bug, and the transaction rolls back.
      throw new IllegalStateException("account " + id + " would go negative: " + next);
    }
    balance = next;
  }
}
