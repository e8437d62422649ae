package dev.millrace.workers.credits;

/** What a reservation's actual use costs: the platform knows the prices behind each purpose. */
public interface Charges {

  /** Micro-credits to capture for {@code computeSeconds} of use under this reservation. */
  long amountFor(String reservationKey, double computeSeconds);
}
