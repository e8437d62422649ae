package dev.millrace.platform.credits;

import dev.millrace.workers.credits.Charges;
import java.util.List;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * The {@link Charges} port for the credit workers: asks each feature's {@link Tariff} in turn, so
 * the settling step works for every kind of reservation without knowing any price itself.
 */
@Component
class ChargesByTariff implements Charges {

  private final List<Tariff> tariffs;

  ChargesByTariff(List<Tariff> tariffs) {
    this.tariffs = tariffs;
  }

  /**
   * @throws IllegalStateException when no tariff knows the key: the job fails and, retries spent,
   *     becomes an incident someone can see and retry, rather than a silent free ride
   */
  @Override
  public long amountFor(String reservationKey, double computeSeconds) {
    for (Tariff tariff : tariffs) {
      OptionalLong amount = tariff.amountFor(reservationKey, computeSeconds);
      if (amount.isPresent()) {
        return amount.getAsLong();
      }
    }
    throw new IllegalStateException("no tariff prices reservation '" + reservationKey + "'");
  }
}
