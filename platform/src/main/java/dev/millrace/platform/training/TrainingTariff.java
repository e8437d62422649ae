package dev.millrace.platform.training;

import dev.millrace.platform.catalog.Catalogue;
import dev.millrace.platform.credits.Tariff;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.workers.credits.CreditLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Prices a run's compute: the catalogue's credits per compute-second for the run's entry, compute
 * type and size, times the seconds used, rounded up to the micro-credit. The same price sizes the
 * reservation (price times the time budget).
 */
@Component
class TrainingTariff implements Tariff {

  private static final String PREFIX = "run:";

  private final RunStore store;
  private final Catalogue catalogue;

  TrainingTariff(RunStore store, Catalogue catalogue) {
    this.store = store;
    this.catalogue = catalogue;
  }

  @Override
  public OptionalLong amountFor(String reservationKey, double computeSeconds) {
    if (reservationKey == null || !reservationKey.startsWith(PREFIX)) {
      return OptionalLong.empty();
    }
    UUID id =
        RunStore.parse(reservationKey.substring(PREFIX.length()))
            .orElseThrow(() -> new IllegalArgumentException("no run in '" + reservationKey + "'"));
    TrainingRun run =
        store
            .find(id)
            .orElseThrow(() -> new IllegalStateException("run " + id + " does not exist"));
    return OptionalLong.of(
        microCredits(
            pricePerSecond(run.catalogEntry(), run.computeType(), run.computeSize()),
            computeSeconds));
  }

  /** Credits per compute-second. */
  BigDecimal pricePerSecond(String catalogEntry, String computeType, String computeSize) {
    return catalogue
        .find(catalogEntry)
        .orElseThrow(() -> new IllegalStateException("unknown catalogue entry " + catalogEntry))
        .price(
            ComputeType.valueOf(computeType.toUpperCase(Locale.ROOT)),
            ComputeSize.valueOf(computeSize.toUpperCase(Locale.ROOT)));
  }

  static long microCredits(BigDecimal creditsPerSecond, double seconds) {
    if (!(seconds > 0)) {
      return 0;
    }
    return creditsPerSecond
        .multiply(BigDecimal.valueOf(seconds))
        .multiply(BigDecimal.valueOf(CreditLedger.MICRO))
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }
}
