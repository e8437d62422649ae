package dev.millrace.platform.credits;

import java.util.OptionalLong;

/**
 * What the use under one kind of reservation costs. Each feature that reserves credits (training
 * runs, endpoints) knows its own prices and recognises its own reservation keys.
 */
public interface Tariff {

  /**
   * Micro-credits for {@code computeSeconds} of use under the reservation, or empty when the key is
   * not one of this tariff's.
   */
  OptionalLong amountFor(String reservationKey, double computeSeconds);
}
