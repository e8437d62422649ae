package dev.millrace.platform.deployments;

import dev.millrace.platform.catalog.Catalogue;
import dev.millrace.runtime.catalog.CatalogEntry;
import dev.millrace.runtime.catalog.ComputeSize;
import dev.millrace.runtime.catalog.ComputeType;
import dev.millrace.workers.credits.CreditLedger;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * What endpoint time costs: each replica-second at the catalogue's price of the deployment's entry
 * for its compute type and <em>pod size</em> (a replica is one pod), rounded up to the
 * micro-credit.
 */
@Component
class EndpointTariff {

  private final Catalogue catalogue;

  EndpointTariff(Catalogue catalogue) {
    this.catalogue = catalogue;
  }

  /** Credits per replica-second; empty when the entry does not run on that compute. */
  Optional<BigDecimal> pricePerReplicaSecond(
      CatalogEntry entry, String computeType, String podSize) {
    ComputeType type = ComputeType.valueOf(computeType.toUpperCase(Locale.ROOT));
    ComputeSize size = ComputeSize.valueOf(podSize.toUpperCase(Locale.ROOT));
    return entry.prices().stream()
        .filter(p -> p.computeType() == type && p.computeSize() == size)
        .map(p -> p.creditsPerSecond())
        .findFirst();
  }

  Optional<CatalogEntry> entry(String id) {
    return catalogue.find(id);
  }

  /** The micro-credits {@code replicaSeconds} cost, rounded up. */
  static long microCredits(BigDecimal pricePerReplicaSecond, double replicaSeconds) {
    if (!(replicaSeconds > 0)) {
      return 0;
    }
    return pricePerReplicaSecond
        .multiply(BigDecimal.valueOf(replicaSeconds))
        .multiply(BigDecimal.valueOf(CreditLedger.MICRO))
        .setScale(0, RoundingMode.CEILING)
        .longValueExact();
  }

  /** The micro-credits {@code replicas} replicas cost for {@code period}. */
  static long microCredits(BigDecimal pricePerReplicaSecond, Duration period, int replicas) {
    return Math.max(
        1, microCredits(pricePerReplicaSecond, period.toMillis() / 1000.0 * Math.max(replicas, 1)));
  }
}
