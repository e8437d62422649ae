package dev.millrace.platform.tenants;

import dev.millrace.platform.web.InvalidFieldException;
import dev.millrace.platform.web.NotFoundException;
import java.util.UUID;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The one place that decides which tenant a request acts for. Every tenant-owned resource asks it
 * first and then filters its queries by the answer.
 *
 * <p>A member acts for its own tenant; naming another tenant answers 404, exactly as for a tenant
 * that does not exist, so nothing leaks. An admin names the tenant with {@code tenantId}.
 */
@Component
public class TenantAccess {

  private final TenantRepository tenants;

  TenantAccess(TenantRepository tenants) {
    this.tenants = tenants;
  }

  /**
   * @param requested the request's {@code tenantId} parameter, if any
   * @return the tenant the call acts for (it exists)
   */
  public UUID actingTenant(Caller caller, @Nullable UUID requested) {
    if (!caller.isAdmin()) {
      if (requested != null && !requested.equals(caller.tenantId())) {
        throw new NotFoundException("tenant", requested);
      }
      return caller.tenantId();
    }
    if (requested == null) {
      throw new InvalidFieldException(
          "tenantId", "is required with an admin key (name the tenant to act for)");
    }
    return visibleTenant(caller, requested).id();
  }

  /** The tenant if the caller may see it; 404 otherwise. */
  public Tenant visibleTenant(Caller caller, UUID tenantId) {
    if (!caller.isAdmin() && !tenantId.equals(caller.tenantId())) {
      throw new NotFoundException("tenant", tenantId);
    }
    return tenants.findById(tenantId).orElseThrow(() -> new NotFoundException("tenant", tenantId));
  }
}
