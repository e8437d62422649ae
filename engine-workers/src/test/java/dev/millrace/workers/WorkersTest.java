package dev.millrace.workers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.millrace.workers.credits.CreditLedger;
import dev.millrace.workers.credits.InsufficientCreditsException;
import dev.millrace.workers.runs.TrainingRuns;
import io.camunda.client.exception.BpmnError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Workers are thin: they map variables to port calls and business failures to BPMN errors. */
class WorkersTest {

  private final List<String> calls = new ArrayList<>();

  private final CreditLedger ledger =
      new CreditLedger() {
        @Override
        public Reservation reserve(String tenantId, long microCredits, String key, String purpose) {
          if (microCredits > 100) {
            throw new InsufficientCreditsException(tenantId, 100, microCredits);
          }
          calls.add("reserve " + tenantId + " " + microCredits + " " + key);
          return new Reservation(key, tenantId, microCredits);
        }

        @Override
        public Capture capture(String reservationKey, long microCredits, String key) {
          calls.add("capture " + reservationKey + " " + microCredits + " " + key);
          return new Capture(key, reservationKey, microCredits, 0);
        }

        @Override
        public void release(String reservationKey, String key) {
          calls.add("release " + reservationKey + " " + key);
        }
      };

  @Test
  void reserveAnswersTheKeyOrAnInsufficientCreditsError() {
    var workers = new CreditWorkers(ledger, (key, seconds) -> 0);

    assertThat(workers.reserve("t1", 50, "run:1", "training"))
        .containsEntry("reservationKey", "run:1");
    assertThatThrownBy(() -> workers.reserve("t1", 500, "run:2", "training"))
        .isInstanceOf(BpmnError.class)
        .satisfies(
            e -> assertThat(((BpmnError) e).getErrorCode()).isEqualTo("INSUFFICIENT_CREDITS"))
        .hasMessageContaining("0.0005 needed");
    assertThat(calls).containsExactly("reserve t1 50 run:1");
  }

  @Test
  void captureChargesTheActualUseAndReleasesTheRest() {
    var workers = new CreditWorkers(ledger, (key, seconds) -> (long) (seconds * 10));

    workers.capture("run:1", "capture:1", 2.5);

    assertThat(calls).containsExactly("capture run:1 25 capture:1", "release run:1 capture:1:rest");
  }

  @Test
  void computeUnavailableBecomesItsBpmnError() {
    TrainingRuns runs =
        new TrainingRuns() {
          @Override
          public void startCompute(String runId) {
            throw WorkerFailure.computeUnavailable("no GPU on this machine");
          }

          @Override
          public void cancelCompute(String runId) {}

          @Override
          public Map<String, Object> evaluate(String runId) {
            return Map.of();
          }

          @Override
          public void finish(String runId, String status, String failureMessage) {}
        };
    var workers = new TrainingWorkers(runs, (t, d, target, entry) -> {}, runId -> "mv");

    assertThatThrownBy(() -> workers.start("run-1"))
        .isInstanceOf(BpmnError.class)
        .satisfies(e -> assertThat(((BpmnError) e).getErrorCode()).isEqualTo("COMPUTE_UNAVAILABLE"))
        .satisfies(
            e ->
                assertThat(((BpmnError) e).getVariables())
                    .isEqualTo(Map.of("failureMessage", "no GPU on this machine")))
        .hasMessageEndingWith("no GPU on this machine");
    assertThat(workers.register("run-1")).containsEntry("modelVersionId", "mv");
  }
}
