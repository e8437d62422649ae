package dev.millrace.workers.credits;

/**
 * Tenants' credits as a double-entry ledger. Every operation is idempotent by its key: a worker
 * retried after a crash repeats the call with the same key and nothing moves twice.
 */
public interface CreditLedger {

  /** 1 credit = 1,000,000 micro-credits; amounts are always micro-credits. */
  long MICRO = 1_000_000L;

  /**
   * Sets credits aside for {@code purpose}. Never overdraws, even under concurrent calls.
   *
   * @throws InsufficientCreditsException naming what is available and what was asked
   */
  Reservation reserve(String tenantId, long microCredits, String key, String purpose);

  /** Spends up to the reserved amount (the actual use); returns what was captured. */
  Capture capture(String reservationKey, long microCredits, String key);

  /** Returns whatever is left of the reservation to the tenant's available credits. */
  void release(String reservationKey, String key);

  record Reservation(String key, String tenantId, long microCredits) {}

  record Capture(
      String key, String reservationKey, long microCredits, long shortfallMicroCredits) {}
}
