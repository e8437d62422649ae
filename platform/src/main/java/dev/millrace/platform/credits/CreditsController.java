package dev.millrace.platform.credits;

import dev.millrace.platform.tenants.Caller;
import dev.millrace.platform.tenants.TenantAccess;
import dev.millrace.platform.web.ResultPage;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/credits")
@Tag(
    name = "credits",
    description =
        "Balance, grants and the double-entry ledger. Amounts are credits with up to six decimals.")
class CreditsController {

  private final DoubleEntryLedger ledger;
  private final CreditStatements statements;
  private final TenantAccess access;

  CreditsController(DoubleEntryLedger ledger, CreditStatements statements, TenantAccess access) {
    this.ledger = ledger;
    this.statements = statements;
    this.access = access;
  }

  record BalanceView(UUID tenantId, BigDecimal available, BigDecimal reserved, BigDecimal spent) {}

  /**
   * @param idempotencyKey repeat a grant safely: the same key answers the first grant (200)
   */
  record GrantRequest(
      @NotNull UUID tenantId,
      @NotNull
          @DecimalMin(value = "0.000001", message = "must be at least 0.000001")
          @Digits(integer = 12, fraction = 6)
          BigDecimal credits,
      @Size(min = 1, max = 200) String idempotencyKey,
      @Size(max = 500) String description) {}

  record EntryView(String account, BigDecimal amount) {}

  record TransactionView(
      long id,
      CreditTransaction.Kind kind,
      String idempotencyKey,
      String reservationKey,
      BigDecimal amount,
      BigDecimal shortfall,
      String description,
      Instant createdAt,
      List<EntryView> entries) {

    static TransactionView of(CreditTransaction t, List<CreditEntry> entries) {
      return new TransactionView(
          t.id(),
          t.kind(),
          t.idempotencyKey(),
          t.reservationKey(),
          Credits.decimal(t.amount()),
          Credits.decimal(t.shortfall()),
          t.description(),
          t.createdAt(),
          entries.stream()
              .map(e -> new EntryView(accountLabel(e.accountId()), Credits.decimal(e.amount())))
              .toList());
    }

    private static String accountLabel(String accountId) {
      return accountId.substring(accountId.indexOf(':') + 1);
    }
  }

  record ReservationView(
      String reservationKey,
      String purpose,
      CreditReservation.State state,
      BigDecimal reserved,
      BigDecimal captured,
      BigDecimal released,
      BigDecimal remaining,
      Instant createdAt,
      Instant closedAt) {
    static ReservationView of(CreditReservation r) {
      return new ReservationView(
          r.reservationKey(),
          r.purpose(),
          r.state(),
          Credits.decimal(r.reserved()),
          Credits.decimal(r.captured()),
          Credits.decimal(r.released()),
          Credits.decimal(r.remaining()),
          r.createdAt(),
          r.closedAt());
    }
  }

  @GetMapping
  @Operation(summary = "The tenant's balance: available (spendable), reserved and spent")
  BalanceView balance(Caller caller, @RequestParam(required = false) UUID tenantId) {
    UUID tenant = access.actingTenant(caller, tenantId);
    Map<AccountKind, Long> balances = statements.balances(tenant);
    return new BalanceView(
        tenant,
        Credits.decimal(balances.getOrDefault(AccountKind.AVAILABLE, 0L)),
        Credits.decimal(balances.getOrDefault(AccountKind.RESERVED, 0L)),
        Credits.decimal(balances.getOrDefault(AccountKind.SPENT, 0L)));
  }

  @PostMapping("/grants")
  @Operation(summary = "Grant credits to a tenant (admin); 201, or 200 when the key repeats")
  ResponseEntity<TransactionView> grant(Caller caller, @Valid @RequestBody GrantRequest body) {
    caller.requireAdmin("grant credits");
    UUID tenant = access.visibleTenant(caller, body.tenantId()).id();
    String key =
        body.idempotencyKey() == null ? "grant:" + UUID.randomUUID() : body.idempotencyKey();
    DoubleEntryLedger.Grant grant =
        ledger.grant(tenant, Credits.micro(body.credits()), key, body.description());
    CreditTransaction t = grant.transaction();
    List<CreditEntry> entries = statements.ledgerEntries(t.id());
    return ResponseEntity.status(grant.replayed() ? HttpStatus.OK : HttpStatus.CREATED)
        .body(TransactionView.of(t, entries));
  }

  @GetMapping("/ledger")
  @Operation(summary = "The tenant's transactions, newest first, each with its balanced entries")
  ResultPage<TransactionView> ledger(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(defaultValue = "0") @Min(0) int page,
      @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
    UUID tenant = access.actingTenant(caller, tenantId);
    return ResultPage.of(
        statements.ledger(tenant, page, size),
        found ->
            found.stream().map(s -> TransactionView.of(s.transaction(), s.entries())).toList());
  }

  @GetMapping("/reservations")
  @Operation(summary = "The tenant's reservations; state=OPEN lists what is still set aside")
  List<ReservationView> reservations(
      Caller caller,
      @RequestParam(required = false) UUID tenantId,
      @RequestParam(required = false) CreditReservation.State state) {
    UUID tenant = access.actingTenant(caller, tenantId);
    return statements.reservations(tenant, state).stream().map(ReservationView::of).toList();
  }
}
