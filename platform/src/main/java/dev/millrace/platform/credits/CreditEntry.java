package dev.millrace.platform.credits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** One leg of a transaction: a signed amount posted to one account. */
@Entity
@Table(name = "credit_entries")
public class CreditEntry {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false)
  private long transactionId;

  @Column(nullable = false)
  private String accountId;

  @Column(nullable = false)
  private long amount;

  protected CreditEntry() {}

  CreditEntry(long transactionId, String accountId, long amount) {
    this.transactionId = transactionId;
    this.accountId = accountId;
    this.amount = amount;
  }

  public long transactionId() {
    return transactionId;
  }

  public String accountId() {
    return accountId;
  }

  public long amount() {
    return amount;
  }
}
