package dev.millrace.platform.credits;

import dev.millrace.workers.credits.CreditLedger;
import java.math.BigDecimal;

/**
 * Credits in the API are decimals with six places; the ledger stores whole micro-credits so sums
 * are exact and fit a {@code BIGINT}.
 */
public final class Credits {

  /** The most credits one amount may name (keeps every sum far from {@code Long.MAX_VALUE}). */
  public static final long MAX_MICRO = 1_000_000_000_000L * CreditLedger.MICRO;

  private Credits() {}

  public static BigDecimal decimal(long microCredits) {
    return BigDecimal.valueOf(microCredits, 6);
  }

  /**
   * @throws ArithmeticException if the amount has more than six decimal places or is too large
   */
  public static long micro(BigDecimal credits) {
    long micro = credits.movePointRight(6).longValueExact();
    if (Math.abs(micro) > MAX_MICRO) {
      throw new ArithmeticException("more than " + decimal(MAX_MICRO) + " credits");
    }
    return micro;
  }
}
