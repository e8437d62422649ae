package dev.millrace.platform.credits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One movement of credits, identified by the caller's idempotency key; its {@link CreditEntry
 * entries} sum to zero.
 *
 * @see DoubleEntryLedger
 */
@Entity
@Table(name = "credit_transactions")
public class CreditTransaction {

  /** What a transaction did. */
  public enum Kind {
    GRANT,
    RESERVE,
    CAPTURE,
    RELEASE
  }

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Column(nullable = false, unique = true)
  private String idempotencyKey;

  @Column(nullable = false)
  private UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Kind kind;

  private String reservationKey;

  /** What moved: granted, reserved, captured or released. */
  @Column(nullable = false)
  private long amount;

  /** For a capture: what was asked for but could not be covered. */
  @Column(nullable = false)
  private long shortfall;

  private String description;

  @Column(nullable = false)
  private Instant createdAt;

  protected CreditTransaction() {}

  CreditTransaction(
      String idempotencyKey,
      UUID tenantId,
      Kind kind,
      String reservationKey,
      long amount,
      long shortfall,
      String description,
      Instant createdAt) {
    this.idempotencyKey = idempotencyKey;
    this.tenantId = tenantId;
    this.kind = kind;
    this.reservationKey = reservationKey;
    this.amount = amount;
    this.shortfall = shortfall;
    this.description = description;
    this.createdAt = createdAt;
  }

  public Long id() {
    return id;
  }

  public String idempotencyKey() {
    return idempotencyKey;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public Kind kind() {
    return kind;
  }

  public String reservationKey() {
    return reservationKey;
  }

  public long amount() {
    return amount;
  }

  public long shortfall() {
    return shortfall;
  }

  public String description() {
    return description;
  }

  public Instant createdAt() {
    return createdAt;
  }
}
