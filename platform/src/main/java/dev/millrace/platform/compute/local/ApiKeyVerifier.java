package dev.millrace.platform.compute.local;

import java.util.Optional;

/**
 * How the router checks an API key presented to a public endpoint: the platform's tenants feature
 * answers who holds it.
 */
@FunctionalInterface
public interface ApiKeyVerifier {

  /**
   * @param keyId identifies the key (rate limits are per key)
   * @param tenantId the key's tenant; null for an admin key, which belongs to no tenant
   */
  record KeyHolder(String keyId, String tenantId) {}

  /** The holder of a presented key; empty for an unknown or revoked key. */
  Optional<KeyHolder> verify(String presentedKey);
}
