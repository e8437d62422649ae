package dev.millrace.tests.durability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.millrace.tests.durability.CrashLedger.Activation;
import dev.millrace.tests.durability.CrashLedger.Attempt;
import dev.millrace.tests.durability.CrashProcesses.Kind;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The crash test's checks, on made-up histories: each kind of lost work must be caught. */
class CrashLedgerTest {

  private static final long KEY = 100;

  private static Activation job(
      long jobKey, String type, long activatedAt, Map<String, Object> vars) {
    return new Activation(jobKey, type, type, KEY, 1, activatedAt, vars);
  }

  private static CrashLedger chainInstanceThatFinished() {
    var ledger = new CrashLedger();
    ledger.attempted(new Attempt(1, Kind.CHAIN, 1));
    ledger.created(1, KEY);
    ledger.activated(job(10, CrashProcesses.STEP_A, 1_000, Map.of("n", 1, "kind", "chain")));
    ledger.completionAcknowledged(10, 1_010);
    ledger.activated(
        job(11, CrashProcesses.FINISH, 2_000, CrashProcesses.expectedAtFinish(Kind.CHAIN, 1, 1)));
    return ledger;
  }

  @Test
  void aCleanHistoryHasNoViolations() {
    assertThat(chainInstanceThatFinished().violations(20)).isEmpty();
  }

  @Test
  void anAcknowledgedInstanceThatNeverFinishedIsCaught() {
    var ledger = chainInstanceThatFinished();
    ledger.attempted(new Attempt(2, Kind.TIMER, 2));
    ledger.created(2, 200);
    assertThat(ledger.violations(20)).singleElement().asString().contains("n=2", "never finished");
  }

  @Test
  void wrongVariablesAtTheFinishAreCaught() {
    var ledger = new CrashLedger();
    ledger.attempted(new Attempt(1, Kind.CHAIN, 1));
    ledger.created(1, KEY);
    var vars = new java.util.HashMap<>(CrashProcesses.expectedAtFinish(Kind.CHAIN, 1, 1));
    vars.put("b", 99);
    ledger.activated(job(11, CrashProcesses.FINISH, 2_000, vars));
    assertThat(ledger.violations(20)).singleElement().asString().contains("finished with");
  }

  @Test
  void aJobHandedOutAgainAfterItsCompletionWasAcknowledgedIsCaught() {
    var ledger = chainInstanceThatFinished();
    ledger.activated(job(10, CrashProcesses.STEP_A, 1_500, Map.of("n", 1)));
    assertThat(ledger.violations(20))
        .singleElement()
        .asString()
        .contains("activated again", "after its completion was acknowledged");
  }

  @Test
  void aRedeliveryBeforeTheAcknowledgementIsAllowed() {
    var ledger = chainInstanceThatFinished();
    ledger.activated(job(10, CrashProcesses.STEP_A, 1_005, Map.of("n", 1)));
    assertThat(ledger.violations(20)).isEmpty();
  }

  @Test
  void aSecondJobForTheSameElementIsCaught() {
    var ledger = chainInstanceThatFinished();
    ledger.activated(job(12, CrashProcesses.STEP_A, 1_700, Map.of("n", 1)));
    assertThat(ledger.violations(20)).singleElement().asString().contains("got 2 jobs");
  }

  @Test
  void aCompletionAcknowledgedTwiceIsCaught() {
    var ledger = chainInstanceThatFinished();
    ledger.completionAcknowledged(10, 1_011);
    assertThat(ledger.violations(20)).singleElement().asString().contains("completed 2 times");
  }

  @Test
  void anInstanceFinishingUnderAnotherKeyIsCaught() {
    var ledger = new CrashLedger();
    ledger.attempted(new Attempt(1, Kind.CHAIN, 1));
    ledger.created(1, KEY + 1);
    ledger.activated(
        job(11, CrashProcesses.FINISH, 2_000, CrashProcesses.expectedAtFinish(Kind.CHAIN, 1, 1)));
    assertThat(ledger.violations(20)).singleElement().asString().contains("but finished as");
  }

  @Test
  void aCancelledInstanceThatFinishedAnywayIsCaught() {
    var ledger = new CrashLedger();
    ledger.attempted(new Attempt(1, Kind.CANCELLED, 1));
    ledger.created(1, KEY);
    ledger.cancelled(1);
    ledger.activated(job(11, CrashProcesses.FINISH, 2_000, Map.of("n", 1, "kind", "cancelled")));
    assertThat(ledger.violations(20)).singleElement().asString().contains("only cancellation");
    assertThat(ledger.unfinished()).isEmpty();
  }
}
