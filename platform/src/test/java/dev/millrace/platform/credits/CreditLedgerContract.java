package dev.millrace.platform.credits;

import static dev.millrace.workers.credits.CreditLedger.MICRO;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.millrace.platform.testing.Api;
import dev.millrace.platform.testing.Api.TenantFixture;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.workers.credits.CreditLedger.Capture;
import dev.millrace.workers.credits.CreditLedger.Reservation;
import dev.millrace.workers.credits.InsufficientCreditsException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/** The double-entry ledger's rules, called as workers call it; run on H2 and on PostgreSQL. */
abstract class CreditLedgerContract {

  @Autowired DoubleEntryLedger ledger;
  @Autowired CreditStatements statements;
  @Autowired TestRestTemplate http;
  @Autowired JdbcTemplate jdbc;

  TenantFixture tenant;
  String tenantId;

  @BeforeEach
  void newTenant() {
    tenant = new Api(http).newTenant();
    tenantId = tenant.id().toString();
  }

  /** Whatever a test did: every transaction balances, and so does the whole ledger. */
  @AfterEach
  void ledgerStaysBalanced() {
    assertThat(
            jdbc.queryForList(
                "select transaction_id from credit_entries group by transaction_id"
                    + " having sum(amount) <> 0"))
        .as("transactions whose entries do not sum to zero")
        .isEmpty();
    assertThat(jdbc.queryForObject("select sum(balance) from credit_accounts", Long.class))
        .as("sum of all account balances")
        .isZero();
    assertThat(
            jdbc.queryForList(
                "select a.id from credit_accounts a where a.balance <> (select coalesce(sum(e.amount), 0)"
                    + " from credit_entries e where e.account_id = a.id)"))
        .as("accounts whose balance differs from the sum of their entries")
        .isEmpty();
  }

  @Test
  void reserveCaptureReleaseMovesCreditsThroughTheAccounts() {
    grant(100);
    Reservation r = ledger.reserve(tenantId, 30 * MICRO, k("run-1:reserve"), "training run-1");
    assertThat(r).isEqualTo(new Reservation(k("run-1:reserve"), tenantId, 30 * MICRO));
    assertBalances(70, 30, 0);

    Capture c = ledger.capture(k("run-1:reserve"), 12_500_000, k("run-1:capture"));
    assertThat(c.microCredits()).isEqualTo(12_500_000);
    assertThat(c.shortfallMicroCredits()).isZero();
    assertBalances(70, 17.5, 12.5);

    ledger.release(k("run-1:reserve"), k("run-1:release"));
    assertBalances(87.5, 0, 12.5);
    assertThat(statements.reservations(tenant.id(), CreditReservation.State.OPEN)).isEmpty();
    CreditReservation closed = statements.reservations(tenant.id(), null).get(0);
    assertThat(closed.captured()).isEqualTo(12_500_000);
    assertThat(closed.released()).isEqualTo(17_500_000);
  }

  @Test
  void repeatedKeysMoveNothingTwice() {
    grant(50);
    grant(50); // the same key: one grant
    assertBalances(50, 0, 0);

    for (int i = 0; i < 3; i++) {
      ledger.reserve(tenantId, 20 * MICRO, k("k:reserve"), "p");
      assertThat(ledger.capture(k("k:reserve"), 5 * MICRO, k("k:capture")).microCredits())
          .isEqualTo(5 * MICRO);
      ledger.release(k("k:reserve"), k("k:release"));
    }
    assertBalances(45, 0, 5);
    assertThat(statements.ledger(tenant.id(), 0, 100).getTotalElements()).isEqualTo(4);

    ledger.release(k("k:reserve"), k("k:release-again")); // closed already: a no-op
    assertBalances(45, 0, 5);
  }

  @Test
  void aKeyUsedForOneOperationCannotBeReusedForAnother() {
    grant(50);
    ledger.reserve(tenantId, 10 * MICRO, k("same"), "p");
    assertThatThrownBy(() -> ledger.reserve(tenantId, 11 * MICRO, k("same"), "p"))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("same'");
    assertThatThrownBy(() -> ledger.capture(k("same"), MICRO, k("same")))
        .isInstanceOf(ConflictException.class);
    assertBalances(40, 10, 0);
  }

  @Test
  void reservingMoreThanIsAvailableIsRefusedAndMovesNothing() {
    grant(10);
    assertThatThrownBy(() -> ledger.reserve(tenantId, 10 * MICRO + 1, k("too-much"), "p"))
        .isInstanceOfSatisfying(
            InsufficientCreditsException.class,
            e -> {
              assertThat(e.availableMicroCredits()).isEqualTo(10 * MICRO);
              assertThat(e.requestedMicroCredits()).isEqualTo(10 * MICRO + 1);
              assertThat(e.getMessage()).contains("10.000001 needed, 10 available");
            });
    assertBalances(10, 0, 0);
    ledger.reserve(tenantId, 10 * MICRO, k("exactly"), "p");
    assertBalances(0, 10, 0);
  }

  @Test
  void aCaptureBeyondTheReservationReservesTheDifferenceThenRecordsTheShortfall() {
    grant(10);
    ledger.reserve(tenantId, 4 * MICRO, k("r"), "p");

    Capture first = ledger.capture(k("r"), 7 * MICRO, k("c1"));
    assertThat(first.microCredits()).isEqualTo(7 * MICRO);
    assertThat(first.shortfallMicroCredits()).isZero();
    assertBalances(3, 0, 7);

    Capture second = ledger.capture(k("r"), 5 * MICRO, k("c2"));
    assertThat(second.microCredits()).isEqualTo(3 * MICRO);
    assertThat(second.shortfallMicroCredits()).isEqualTo(2 * MICRO);
    assertBalances(0, 0, 10);
    ledger.release(k("r"), k("r:release"));
  }

  @Test
  void aReleasedReservationTakesNoCapture() {
    grant(10);
    ledger.reserve(tenantId, 4 * MICRO, k("r"), "p");
    ledger.release(k("r"), k("r:release"));
    assertThatThrownBy(() -> ledger.capture(k("r"), MICRO, k("late")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("released");
    assertThatThrownBy(() -> ledger.capture(k("no-such-reservation"), MICRO, k("x")))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> ledger.reserve(UUID.randomUUID().toString(), MICRO, k("y"), "p"))
        .isInstanceOf(NotFoundException.class);
  }

  /**
   * 80 concurrent reservations of 7 credits against 100: each of 40 keys is tried twice at once.
   * Exactly 14 reservations may exist afterwards, both tries of a key agree, and nothing is
   * overdrawn.
   */
  @Test
  void concurrentReservationsNeverOverdraw() throws Exception {
    grant(100);
    List<String> attempts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      attempts.add("c-" + i);
      attempts.add("c-" + i);
    }
    Collections.shuffle(attempts);
    Map<String, List<Boolean>> outcomes = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (String key : attempts) {
        futures.add(
            pool.submit(
                () -> {
                  start.await();
                  boolean reserved;
                  try {
                    ledger.reserve(tenantId, 7 * MICRO, k(key), "concurrent");
                    reserved = true;
                  } catch (InsufficientCreditsException e) {
                    reserved = false;
                  }
                  outcomes
                      .computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>()))
                      .add(reserved);
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(2, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdownNow();
    }

    assertThat(outcomes.values()).allSatisfy(o -> assertThat(o).hasSize(2).containsOnly(o.get(0)));
    long succeeded = outcomes.values().stream().filter(o -> o.get(0)).count();
    assertThat(succeeded).isEqualTo(14);
    assertThat(statements.reservations(tenant.id(), CreditReservation.State.OPEN)).hasSize(14);
    assertBalances(2, 98, 0);
  }

  @Test
  void grantsThroughTheApiAreIdempotentAndShowInTheLedger() {
    Api admin = new Api(http);
    Map<String, Object> body =
        Map.of(
            "tenantId",
            tenant.id(),
            "credits",
            new BigDecimal("12.345678"),
            "idempotencyKey",
            k("welcome"),
            "description",
            "welcome");
    JsonNode first = admin.post("/api/v1/credits/grants", body).expect(201).body();
    JsonNode again = admin.post("/api/v1/credits/grants", body).expect(200).body();
    assertThat(again.get("id")).isEqualTo(first.get("id"));
    assertThat(decimals(first.get("entries").findValues("amount")))
        .containsExactlyInAnyOrder(new BigDecimal("-12.345678"), new BigDecimal("12.345678"));

    Api member = admin.as(tenant.key());
    JsonNode balance = member.get("/api/v1/credits").expect(200).body();
    assertThat(new BigDecimal(balance.get("available").asText())).isEqualByComparingTo("12.345678");
    assertThat(admin.get("/api/v1/credits?tenantId=" + tenant.id()).body()).isEqualTo(balance);

    ledger.reserve(tenantId, 2 * MICRO, k("api-reserve"), "training");
    JsonNode page = member.get("/api/v1/credits/ledger?size=10").expect(200).body();
    assertThat(page.get("totalItems").asInt()).isEqualTo(2);
    JsonNode newest = page.get("items").get(0);
    assertThat(newest.get("kind").asText()).isEqualTo("RESERVE");
    assertThat(newest.get("entries").findValuesAsText("account"))
        .containsExactlyInAnyOrder("available", "reserved");
    for (JsonNode t : page.get("items")) {
      assertThat(
              decimals(t.get("entries").findValues("amount")).stream()
                  .reduce(BigDecimal.ZERO, BigDecimal::add))
          .isEqualByComparingTo("0");
    }
    JsonNode open = member.get("/api/v1/credits/reservations?state=OPEN").expect(200).body();
    assertThat(open.findValuesAsText("reservationKey")).containsExactly(k("api-reserve"));
    ledger.release(k("api-reserve"), k("api-release"));
    assertThat(member.get("/api/v1/credits/reservations?state=OPEN").body()).isEmpty();
  }

  @Test
  void grantRequestsNameTheInvalidField() {
    Api admin = new Api(http);
    JsonNode tooPrecise =
        admin
            .post(
                "/api/v1/credits/grants",
                Map.of("tenantId", tenant.id(), "credits", new BigDecimal("1.0000001")))
            .problem(400);
    assertThat(tooPrecise.get("errors").findValuesAsText("field")).containsExactly("credits");
    JsonNode negative =
        admin
            .post("/api/v1/credits/grants", Map.of("tenantId", tenant.id(), "credits", -1))
            .problem(400);
    assertThat(negative.get("errors").findValuesAsText("field")).containsExactly("credits");
    JsonNode noTenant = admin.post("/api/v1/credits/grants", Map.of("credits", 1)).problem(400);
    assertThat(noTenant.get("errors").findValuesAsText("field")).containsExactly("tenantId");
    admin
        .post("/api/v1/credits/grants", Map.of("tenantId", UUID.randomUUID(), "credits", 1))
        .problem(404);
    assertBalances(0, 0, 0);
  }

  @Test
  void extendSetsMoreAsideUnderAnOpenReservationOnceAndOnlyWhatIsAvailable() {
    grant(10);
    ledger.reserve(tenantId, 4 * MICRO, k("endpoint"), "endpoint");
    Reservation more = ledger.extend(k("endpoint"), 3 * MICRO, k("endpoint:top-up:1"));
    assertThat(more.microCredits()).isEqualTo(3 * MICRO);
    assertBalances(3, 7, 0);
    // A retry with the same key moves nothing; the same key for another amount is refused.
    ledger.extend(k("endpoint"), 3 * MICRO, k("endpoint:top-up:1"));
    assertBalances(3, 7, 0);
    assertThatThrownBy(() -> ledger.extend(k("endpoint"), 1 * MICRO, k("endpoint:top-up:1")))
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> ledger.extend(k("endpoint"), 4 * MICRO, k("endpoint:top-up:2")))
        .isInstanceOfSatisfying(
            InsufficientCreditsException.class,
            e -> {
              assertThat(e.availableMicroCredits()).isEqualTo(3 * MICRO);
              assertThat(e.requestedMicroCredits()).isEqualTo(4 * MICRO);
            });
    assertBalances(3, 7, 0);
    assertThat(statements.reservation(k("endpoint")).orElseThrow().reserved()).isEqualTo(7 * MICRO);
    ledger.capture(k("endpoint"), 5 * MICRO, k("endpoint:use:1"));
    ledger.release(k("endpoint"), k("endpoint:release"));
    assertBalances(5, 0, 5);
    assertThatThrownBy(() -> ledger.extend(k("endpoint"), 1 * MICRO, k("endpoint:top-up:3")))
        .isInstanceOf(ConflictException.class)
        .hasMessageContaining("released");
  }

  private static List<BigDecimal> decimals(List<JsonNode> nodes) {
    return nodes.stream().map(n -> new BigDecimal(n.asText())).toList();
  }

  /** Keys are unique across the ledger, and test classes share a database: prefix them. */
  private String k(String key) {
    return tenantId + ":" + key;
  }

  private void grant(long credits) {
    ledger.grant(tenant.id(), credits * MICRO, k("grant-" + credits), "test");
  }

  private void assertBalances(double available, double reserved, double spent) {
    Map<AccountKind, Long> balances = statements.balances(tenant.id());
    assertThat(Optional.ofNullable(balances.get(AccountKind.AVAILABLE)))
        .as("available")
        .contains(Math.round(available * MICRO));
    assertThat(balances.get(AccountKind.RESERVED))
        .as("reserved")
        .isEqualTo(Math.round(reserved * MICRO));
    assertThat(balances.get(AccountKind.SPENT)).as("spent").isEqualTo(Math.round(spent * MICRO));
  }
}
