package dev.millrace.workers.credits;

/** A reservation would overdraw the tenant's available credits; nothing was reserved. */
public final class InsufficientCreditsException extends dev.millrace.workers.WorkerFailure {

  private final String tenantId;
  private final long availableMicroCredits;
  private final long requestedMicroCredits;

  public InsufficientCreditsException(String tenantId, long available, long requested) {
    super(
        "INSUFFICIENT_CREDITS",
        "Not enough credits: "
            + format(requested)
            + " needed, "
            + format(available)
            + " available for tenant "
            + tenantId);
    this.tenantId = tenantId;
    this.availableMicroCredits = available;
    this.requestedMicroCredits = requested;
  }

  public static String format(long micro) {
    return java.math.BigDecimal.valueOf(micro, 6).stripTrailingZeros().toPlainString();
  }

  public String tenantId() {
    return tenantId;
  }

  public long availableMicroCredits() {
    return availableMicroCredits;
  }

  public long requestedMicroCredits() {
    return requestedMicroCredits;
  }
}
