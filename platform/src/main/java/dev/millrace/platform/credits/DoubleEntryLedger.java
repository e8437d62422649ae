package dev.millrace.platform.credits;

import dev.millrace.platform.credits.CreditTransaction.Kind;
import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.NotFoundException;
import dev.millrace.workers.credits.CreditLedger;
import dev.millrace.workers.credits.InsufficientCreditsException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The credit ledger: every movement is a transaction of entries that sum to zero, over three
 * accounts per tenant ({@code available}, {@code reserved}, {@code spent}) and the system's {@code
 * grants} account.
 *
 * <p>Concurrency: every operation first locks the tenant's {@code available} account row ({@code
 * SELECT ... FOR UPDATE}), so a tenant's movements run one at a time and a reservation checks the
 * balance it then debits; the system {@code grants} row is only ever locked second, so there is no
 * lock cycle. Idempotency: each operation carries the caller's key, unique across the ledger; a
 * repeated key with the same arguments answers the first result and moves nothing, a repeated key
 * with other arguments is a 409.
 */
@Service
public class DoubleEntryLedger implements CreditLedger {

  /** A grant as recorded, and whether this call repeated an earlier one with the same key. */
  public record Grant(CreditTransaction transaction, boolean replayed) {}

  private final CreditAccountRepository accounts;
  private final CreditTransactionRepository transactions;
  private final CreditEntryRepository entries;
  private final CreditReservationRepository reservations;
  private final TransactionTemplate tx;
  private final Clock clock;

  DoubleEntryLedger(
      CreditAccountRepository accounts,
      CreditTransactionRepository transactions,
      CreditEntryRepository entries,
      CreditReservationRepository reservations,
      PlatformTransactionManager transactionManager,
      Clock clock) {
    this.accounts = accounts;
    this.transactions = transactions;
    this.entries = entries;
    this.reservations = reservations;
    this.tx = new TransactionTemplate(transactionManager);
    this.clock = clock;
  }

  /** Moves credits from the system's grants account to the tenant's available account. */
  public Grant grant(UUID tenantId, long microCredits, String key, String description) {
    requirePositive(microCredits);
    requireKey(key);
    return inTransaction(
        () -> {
          CreditAccount available = lockAvailable(tenantId);
          Optional<CreditTransaction> earlier = transactions.findByIdempotencyKey(key);
          if (earlier.isPresent()) {
            CreditTransaction t = earlier.get();
            requireSame(key, t, Kind.GRANT, tenantId, null, microCredits);
            return new Grant(t, true);
          }
          CreditAccount grants = accounts.lockById(AccountKind.SYSTEM_GRANTS_ACCOUNT).orElseThrow();
          CreditTransaction t =
              record(
                  new CreditTransaction(
                      key,
                      tenantId,
                      Kind.GRANT,
                      null,
                      microCredits,
                      0,
                      description,
                      clock.instant()),
                  List.of(posting(grants, -microCredits), posting(available, microCredits)));
          return new Grant(t, false);
        });
  }

  @Override
  public Reservation reserve(String tenant, long microCredits, String key, String purpose) {
    requirePositive(microCredits);
    requireKey(key);
    if (purpose != null && purpose.length() > 500) {
      throw new IllegalArgumentException("a purpose of at most 500 characters is required");
    }
    UUID tenantId = parseTenant(tenant);
    return inTransaction(
        () -> {
          CreditAccount available = lockAvailable(tenantId);
          Optional<CreditTransaction> earlier = transactions.findByIdempotencyKey(key);
          if (earlier.isPresent()) {
            requireSame(key, earlier.get(), Kind.RESERVE, tenantId, key, microCredits);
            return new Reservation(key, tenant, microCredits);
          }
          if (available.balance() < microCredits) {
            throw new InsufficientCreditsException(tenant, available.balance(), microCredits);
          }
          CreditAccount reserved = account(tenantId, AccountKind.RESERVED);
          record(
              new CreditTransaction(
                  key, tenantId, Kind.RESERVE, key, microCredits, 0, purpose, clock.instant()),
              List.of(posting(available, -microCredits), posting(reserved, microCredits)));
          reservations.save(
              new CreditReservation(
                  key,
                  tenantId,
                  Objects.requireNonNullElse(purpose, ""),
                  microCredits,
                  clock.instant()));
          return new Reservation(key, tenant, microCredits);
        });
  }

  /**
   * Spends {@code microCredits} from the reservation. More than is left: the difference is reserved
   * first from what is available; what even that cannot cover is returned as the shortfall (and
   * recorded), never overdrawn.
   */
  @Override
  public Capture capture(String reservationKey, long microCredits, String key) {
    if (microCredits < 0) {
      throw new IllegalArgumentException("a capture cannot be negative: " + microCredits);
    }
    requireKey(key);
    return inTransaction(
        () -> {
          UUID tenantId = tenantOfReservation(reservationKey);
          CreditAccount available = lockAvailable(tenantId);
          Optional<CreditTransaction> earlier = transactions.findByIdempotencyKey(key);
          if (earlier.isPresent()) {
            CreditTransaction t = earlier.get();
            requireSame(key, t, Kind.CAPTURE, tenantId, reservationKey, microCredits);
            return new Capture(key, reservationKey, t.amount(), t.shortfall());
          }
          CreditReservation reservation = reservations.findById(reservationKey).orElseThrow();
          if (reservation.state() == CreditReservation.State.CLOSED) {
            throw new ConflictException(
                "reservation-closed",
                "Reservation '" + reservationKey + "' was released; it takes no more captures");
          }
          long remaining = reservation.remaining();
          long topUp =
              microCredits > remaining
                  ? Math.min(microCredits - remaining, available.balance())
                  : 0;
          long captured = Math.min(microCredits, remaining + topUp);
          long shortfall = microCredits - captured;
          CreditAccount reserved = account(tenantId, AccountKind.RESERVED);
          List<Posting> postings = new ArrayList<>();
          if (topUp > 0) {
            postings.add(posting(available, -topUp));
            postings.add(posting(reserved, topUp));
          }
          if (captured > 0) {
            postings.add(posting(reserved, -captured));
            postings.add(posting(account(tenantId, AccountKind.SPENT), captured));
          }
          reservation.topUp(topUp);
          reservation.capture(captured);
          record(
              new CreditTransaction(
                  key,
                  tenantId,
                  Kind.CAPTURE,
                  reservationKey,
                  captured,
                  shortfall,
                  reservation.purpose(),
                  clock.instant()),
              postings);
          return new Capture(key, reservationKey, captured, shortfall);
        });
  }

  /** Returns what is left of the reservation and closes it; releasing a closed one is a no-op. */
  @Override
  public void release(String reservationKey, String key) {
    requireKey(key);
    inTransaction(
        () -> {
          UUID tenantId = tenantOfReservation(reservationKey);
          CreditAccount available = lockAvailable(tenantId);
          Optional<CreditTransaction> earlier = transactions.findByIdempotencyKey(key);
          if (earlier.isPresent()) {
            requireSame(key, earlier.get(), Kind.RELEASE, tenantId, reservationKey, null);
            return null;
          }
          CreditReservation reservation = reservations.findById(reservationKey).orElseThrow();
          if (reservation.state() == CreditReservation.State.CLOSED) {
            return null;
          }
          long rest = reservation.remaining();
          List<Posting> postings =
              rest == 0
                  ? List.of()
                  : List.of(
                      posting(account(tenantId, AccountKind.RESERVED), -rest),
                      posting(available, rest));
          reservation.close(rest, clock.instant());
          record(
              new CreditTransaction(
                  key,
                  tenantId,
                  Kind.RELEASE,
                  reservationKey,
                  rest,
                  0,
                  reservation.purpose(),
                  clock.instant()),
              postings);
          return null;
        });
  }

  /**
   * Sets more credits aside under an open reservation, from what is available: a use that runs for
   * an open-ended time (an endpoint) reserves ahead interval by interval. Recorded as a RESERVE
   * transaction of the reservation under its own key.
   *
   * @throws InsufficientCreditsException when less than {@code microCredits} is available; nothing
   *     moves
   * @throws ConflictException {@code reservation-closed} once the reservation was released
   */
  public Reservation extend(String reservationKey, long microCredits, String key) {
    requirePositive(microCredits);
    requireKey(key);
    return inTransaction(
        () -> {
          UUID tenantId = tenantOfReservation(reservationKey);
          CreditAccount available = lockAvailable(tenantId);
          Optional<CreditTransaction> earlier = transactions.findByIdempotencyKey(key);
          if (earlier.isPresent()) {
            requireSame(key, earlier.get(), Kind.RESERVE, tenantId, reservationKey, microCredits);
            return new Reservation(reservationKey, tenantId.toString(), microCredits);
          }
          CreditReservation reservation = reservations.findById(reservationKey).orElseThrow();
          if (reservation.state() == CreditReservation.State.CLOSED) {
            throw new ConflictException(
                "reservation-closed",
                "Reservation '" + reservationKey + "' was released; it cannot be extended");
          }
          if (available.balance() < microCredits) {
            throw new InsufficientCreditsException(
                tenantId.toString(), available.balance(), microCredits);
          }
          record(
              new CreditTransaction(
                  key,
                  tenantId,
                  Kind.RESERVE,
                  reservationKey,
                  microCredits,
                  0,
                  reservation.purpose(),
                  clock.instant()),
              List.of(
                  posting(available, -microCredits),
                  posting(account(tenantId, AccountKind.RESERVED), microCredits)));
          reservation.topUp(microCredits);
          return new Reservation(reservationKey, tenantId.toString(), microCredits);
        });
  }

  private record Posting(CreditAccount account, long amount) {}

  private static Posting posting(CreditAccount account, long amount) {
    return new Posting(account, amount);
  }

  private CreditTransaction record(CreditTransaction transaction, List<Posting> postings) {
    long sum = postings.stream().mapToLong(Posting::amount).sum();
    if (sum != 0) {
      throw new IllegalStateException("unbalanced transaction " + transaction.idempotencyKey());
    }
    CreditTransaction saved = transactions.save(transaction);
    for (Posting p : postings) {
      p.account().post(p.amount());
      entries.save(new CreditEntry(saved.id(), p.account().id(), p.amount()));
    }
    return saved;
  }

  /**
   * Runs one ledger operation in its own transaction. Two calls with the same new key for different
   * tenants hold different locks, so one may lose on the key's unique index: it then runs again and
   * finds the winner's transaction.
   */
  private <T> T inTransaction(Supplier<T> operation) {
    try {
      return tx.execute(status -> operation.get());
    } catch (DataIntegrityViolationException raced) {
      return tx.execute(status -> operation.get());
    }
  }

  private CreditAccount lockAvailable(UUID tenantId) {
    return accounts
        .lockById(AccountKind.AVAILABLE.accountId(tenantId))
        .orElseThrow(() -> new NotFoundException("tenant", tenantId));
  }

  private CreditAccount account(UUID tenantId, AccountKind kind) {
    return accounts.findById(kind.accountId(tenantId)).orElseThrow();
  }

  private UUID tenantOfReservation(String reservationKey) {
    return reservations
        .tenantOf(reservationKey)
        .orElseThrow(() -> new NotFoundException("reservation", reservationKey));
  }

  private static void requireSame(
      String key,
      CreditTransaction earlier,
      Kind kind,
      UUID tenantId,
      String reservationKey,
      Long requested) {
    boolean same =
        earlier.kind() == kind
            && earlier.tenantId().equals(tenantId)
            && Objects.equals(earlier.reservationKey(), reservationKey)
            && (requested == null || earlier.amount() + earlier.shortfall() == requested);
    if (!same) {
      throw new ConflictException(
          "idempotency-key-reused",
          "Idempotency key '"
              + key
              + "' was already used for another operation ("
              + earlier.kind()
              + " of "
              + Credits.decimal(earlier.amount() + earlier.shortfall())
              + " credits)");
    }
  }

  private static UUID parseTenant(String tenant) {
    try {
      return UUID.fromString(tenant);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("tenant", tenant);
    }
  }

  private static void requirePositive(long microCredits) {
    if (microCredits <= 0) {
      throw new IllegalArgumentException("the amount must be positive: " + microCredits);
    }
  }

  private static void requireKey(String key) {
    if (key == null || key.isBlank() || key.length() > 200) {
      throw new IllegalArgumentException("an idempotency key of 1 to 200 characters is required");
    }
  }
}
