package dev.millrace.platform.deployments;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.math.BigDecimal;
import java.util.OptionalDouble;

/**
 * What a deployment's credits stand at: the price it was deployed at, what was reserved, captured
 * and left unpaid, and the replica-second meter the monitor rounds read. Kept with the deployment's
 * row (same transaction, same optimistic lock) so a billing round and a status change never
 * disagree.
 */
@Embeddable
public class EndpointBillingState {

  @Column(nullable = false, precision = 19, scale = 9)
  private BigDecimal pricePerReplicaSecond;

  @Column(nullable = false)
  private long reservedMicroCredits;

  @Column(nullable = false)
  private long capturedMicroCredits;

  @Column(nullable = false)
  private long shortfallMicroCredits;

  @Column(nullable = false)
  private double meteredReplicaSeconds;

  private String meterSession;

  @Column(nullable = false)
  private double meterReading;

  @Column(nullable = false)
  private int billingRounds;

  protected EndpointBillingState() {}

  EndpointBillingState(BigDecimal pricePerReplicaSecond, long reservedMicroCredits) {
    this.pricePerReplicaSecond = pricePerReplicaSecond;
    this.reservedMicroCredits = reservedMicroCredits;
  }

  /**
   * Takes a reading of the backend's replica-second counter and adds what was used since the last
   * one. The counter belongs to one platform session (it starts at 0 when that session applies the
   * endpoint), so a reading from a new session counts from 0. No reading (the backend does not run
   * the endpoint): nothing was used since.
   *
   * @return the replica-seconds added
   */
  double meter(String session, OptionalDouble reading) {
    if (reading.isEmpty()) {
      return 0;
    }
    double now = reading.getAsDouble();
    double since = session.equals(meterSession) ? Math.max(0, now - meterReading) : now;
    meterSession = session;
    meterReading = now;
    meteredReplicaSeconds += since;
    return since;
  }

  /** The next billing round's number (capture and top-up keys carry it). */
  int nextBillingRound() {
    return ++billingRounds;
  }

  void billed(long captured, long shortfall) {
    capturedMicroCredits += captured;
    shortfallMicroCredits += shortfall;
  }

  public BigDecimal pricePerReplicaSecond() {
    return pricePerReplicaSecond;
  }

  public long reservedMicroCredits() {
    return reservedMicroCredits;
  }

  public long capturedMicroCredits() {
    return capturedMicroCredits;
  }

  public long shortfallMicroCredits() {
    return shortfallMicroCredits;
  }

  public double meteredReplicaSeconds() {
    return meteredReplicaSeconds;
  }

  public String meterSession() {
    return meterSession;
  }

  public double meterReading() {
    return meterReading;
  }
}
