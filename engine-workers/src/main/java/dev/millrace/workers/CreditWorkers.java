package dev.millrace.workers;

import dev.millrace.workers.credits.Charges;
import dev.millrace.workers.credits.CreditLedger;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** millrace.credits.*: reserve before compute, capture the actual use, release the rest. */
@Component
public class CreditWorkers {

  private final CreditLedger ledger;
  private final Charges charges;

  public CreditWorkers(CreditLedger ledger, Charges charges) {
    this.ledger = ledger;
    this.charges = charges;
  }

  @JobWorker(type = "millrace.credits.reserve")
  public Map<String, Object> reserve(
      @Variable String tenantId,
      @Variable long amount,
      @Variable String reservationKey,
      @Variable(optional = true) String purpose) {
    Failures.asBpmnError(
        () ->
            ledger.reserve(
                tenantId, amount, reservationKey, purpose == null ? reservationKey : purpose));
    return Map.of("reservationKey", reservationKey);
  }

  /** Settles: captures what the use cost, then returns the rest of the reservation. */
  @JobWorker(type = "millrace.credits.capture")
  public void capture(
      @Variable String reservationKey,
      @Variable String key,
      @Variable(optional = true) Double computeSeconds) {
    long amount = charges.amountFor(reservationKey, computeSeconds == null ? 0 : computeSeconds);
    ledger.capture(reservationKey, amount, key);
    ledger.release(reservationKey, key + ":rest");
  }

  @JobWorker(type = "millrace.credits.release")
  public void release(@Variable String reservationKey, @Variable String key) {
    ledger.release(reservationKey, key);
  }
}
