package dev.millrace.platform.tenants;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * An API key as stored: only the SHA-256 of the secret is kept, and a short prefix so people can
 * tell their keys apart in lists. Revoked keys stay (they record that an admin once existed).
 */
@Entity
@Table(name = "api_keys")
public class ApiKey {

  @Id
  @GeneratedValue(strategy = GenerationType.UUID)
  private UUID id;

  private UUID tenantId;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Role role;

  @Column(nullable = false)
  private String name;

  @Column(nullable = false)
  private String prefix;

  @Column(nullable = false, unique = true)
  private String secretHash;

  @Column(nullable = false)
  private Instant createdAt;

  private Instant revokedAt;

  protected ApiKey() {}

  ApiKey(UUID tenantId, Role role, String name, String prefix, String secretHash, Instant at) {
    this.tenantId = tenantId;
    this.role = role;
    this.name = name;
    this.prefix = prefix;
    this.secretHash = secretHash;
    this.createdAt = at;
  }

  public UUID id() {
    return id;
  }

  public UUID tenantId() {
    return tenantId;
  }

  public Role role() {
    return role;
  }

  public String name() {
    return name;
  }

  public String prefix() {
    return prefix;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant revokedAt() {
    return revokedAt;
  }

  public boolean active() {
    return revokedAt == null;
  }

  void revoke(Instant at) {
    if (revokedAt == null) {
      revokedAt = at;
    }
  }

  Caller asCaller() {
    return new Caller(id, role, tenantId);
  }
}
