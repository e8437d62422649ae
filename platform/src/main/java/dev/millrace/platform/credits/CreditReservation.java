package dev.millrace.platform.credits;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * Credits set aside for one piece of work, open until released. {@code reserved} counts top-ups
 * made by captures larger than the reservation; what is left is {@code reserved - captured -
 * released}.
 */
@Entity
@Table(name = "credit_reservations")
public class CreditReservation {

  /** OPEN until {@code release}; a closed reservation takes no more captures. */
  public enum State {
    OPEN,
    CLOSED
  }

  @Id private String reservationKey;

  @Column(nullable = false)
  private UUID tenantId;

  @Column(nullable = false)
  private String purpose;

  @Column(nullable = false)
  private long reserved;

  @Column(nullable = false)
  private long captured;

  @Column(nullable = false)
  private long released;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private State state;

  @Column(nullable = false)
  private Instant createdAt;

  private Instant closedAt;

  protected CreditReservation() {}

  CreditReservation(String reservationKey, UUID tenantId, String purpose, long amount, Instant at) {
    this.reservationKey = reservationKey;
    this.tenantId = tenantId;
    this.purpose = purpose;
    this.reserved = amount;
    this.state = State.OPEN;
    this.createdAt = at;
  }

  public long remaining() {
    return reserved - captured - released;
  }

  void topUp(long amount) {
    reserved += amount;
  }

  void capture(long amount) {
    captured += amount;
  }

  void close(long releasedAmount, Instant at) {
    released += releasedAmount;
    state = State.CLOSED;
    closedAt = at;
  }

  public String reservationKey() {
    return reservationKey;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public String purpose() {
    return purpose;
  }

  public long reserved() {
    return reserved;
  }

  public long captured() {
    return captured;
  }

  public long released() {
    return released;
  }

  public State state() {
    return state;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant closedAt() {
    return closedAt;
  }
}
