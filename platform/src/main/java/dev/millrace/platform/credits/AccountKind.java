package dev.millrace.platform.credits;

import java.util.Locale;
import java.util.UUID;

/** The ledger's accounts: three per tenant, and the system account grants are drawn from. */
public enum AccountKind {
  /** What the tenant can still reserve: its balance. */
  AVAILABLE,
  /** Set aside for running work, not yet spent. */
  RESERVED,
  /** Used. */
  SPENT,
  /** The system's source of credits; its balance is minus everything ever granted. */
  GRANTS;

  public static final String SYSTEM_GRANTS_ACCOUNT = "system:grants";

  /** The account's id: {@code <tenant>:available} etc., or {@code system:grants}. */
  public String accountId(UUID tenantId) {
    return this == GRANTS ? SYSTEM_GRANTS_ACCOUNT : tenantId + ":" + label();
  }

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
