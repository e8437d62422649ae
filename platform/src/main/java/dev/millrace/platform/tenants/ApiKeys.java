package dev.millrace.platform.tenants;

import dev.millrace.platform.web.ConflictException;
import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.NotFoundException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Issuing, checking and revoking API keys. */
@Service
public class ApiKeys {

  /** A key just created: the only moment its secret is known. */
  public record Issued(ApiKey key, String secret) {}

  private final ApiKeyRepository repository;
  private final TenantAccess access;
  private final Clock clock;

  ApiKeys(ApiKeyRepository repository, TenantAccess access, Clock clock) {
    this.repository = repository;
    this.access = access;
    this.clock = clock;
  }

  /** The caller a presented key stands for; empty for an unknown or revoked key. */
  @Transactional(readOnly = true)
  public Optional<Caller> authenticate(String presented) {
    return repository
        .findBySecretHash(ApiKeySecrets.hash(presented))
        .filter(ApiKey::active)
        .map(ApiKey::asCaller);
  }

  /**
   * Admin keys may create keys for any tenant and other admin keys; a member only member keys of
   * its own tenant.
   */
  @Transactional
  public Issued create(Caller caller, String name, @Nullable UUID tenantId, @Nullable Role role) {
    Role wanted = role == null ? Role.MEMBER : role;
    UUID tenant = null;
    if (wanted == Role.ADMIN) {
      caller.requireAdmin("create admin keys");
      if (tenantId != null) {
        throw new InvalidFieldException("tenantId", "must be empty for an admin key");
      }
    } else {
      tenant = access.actingTenant(caller, tenantId);
    }
    return issue(tenant, wanted, name, ApiKeySecrets.generate());
  }

  @Transactional(readOnly = true)
  public List<ApiKey> visibleTo(Caller caller, @Nullable UUID tenantId) {
    if (caller.isAdmin() && tenantId == null) {
      return repository.findAllByOrderByCreatedAt();
    }
    return repository.findByTenantIdOrderByCreatedAt(access.actingTenant(caller, tenantId));
  }

  @Transactional(readOnly = true)
  public ApiKey get(Caller caller, UUID id) {
    return repository
        .findById(id)
        .filter(key -> caller.isAdmin() || caller.tenantId().equals(key.tenantId()))
        .orElseThrow(() -> new NotFoundException("api-key", id));
  }

  /**
   * @throws ConflictException when it is the last active admin key (the platform would become
   *     unmanageable)
   */
  @Transactional
  public ApiKey revoke(Caller caller, UUID id) {
    ApiKey key = get(caller, id);
    if (key.active()
        && key.role() == Role.ADMIN
        && repository.countByRoleAndRevokedAtIsNull(Role.ADMIN) <= 1) {
      throw new ConflictException(
          "last-admin-key", "This is the last active admin key; create another one first");
    }
    key.revoke(clock.instant());
    return key;
  }

  /**
   * The first admin key, on the platform's very first start only: if an admin key was ever created
   * (even one revoked since), nothing happens.
   *
   * @param given the operator's key, or null to generate one
   * @return the new key's secret, or empty when the platform was bootstrapped before
   */
  @Transactional
  public Optional<String> bootstrapAdmin(@Nullable String given) {
    if (repository.existsByRole(Role.ADMIN)) {
      return Optional.empty();
    }
    if (given != null && given.length() < ApiKeySecrets.MIN_LENGTH) {
      throw new IllegalArgumentException(
          "MILLRACE_BOOTSTRAP_API_KEY must be at least "
              + ApiKeySecrets.MIN_LENGTH
              + " characters long");
    }
    String secret = given == null ? ApiKeySecrets.generate() : given;
    issue(null, Role.ADMIN, "bootstrap", secret);
    return Optional.of(secret);
  }

  private Issued issue(@Nullable UUID tenantId, Role role, String name, String secret) {
    ApiKey key =
        repository.save(
            new ApiKey(
                tenantId,
                role,
                name,
                ApiKeySecrets.displayPrefix(secret),
                ApiKeySecrets.hash(secret),
                clock.instant()));
    return new Issued(key, secret);
  }
}
