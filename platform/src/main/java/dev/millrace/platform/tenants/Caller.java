package dev.millrace.platform.tenants;

import dev.millrace.platform.web.ForbiddenException;
import java.util.UUID;

/**
 * Who is calling: the authenticated API key. Controllers declare a {@code Caller} parameter; it is
 * resolved from the {@code Authorization: Bearer} key by the security filter.
 *
 * @param tenantId the key's tenant; null for admin keys
 */
public record Caller(UUID keyId, Role role, UUID tenantId) {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /**
   * @throws ForbiddenException for a member key
   */
  public void requireAdmin(String action) {
    if (!isAdmin()) {
      throw new ForbiddenException("Only an admin key may " + action);
    }
  }
}
