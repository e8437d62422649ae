package dev.millrace.platform.credits;

import dev.millrace.platform.tenants.TenantCreated;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Opens a new tenant's accounts in the transaction that creates the tenant. */
@Component
class CreditAccountsOpener {

  private final CreditAccountRepository accounts;

  CreditAccountsOpener(CreditAccountRepository accounts) {
    this.accounts = accounts;
  }

  @EventListener
  void open(TenantCreated event) {
    accounts.saveAll(
        List.of(
            new CreditAccount(event.tenantId(), AccountKind.AVAILABLE),
            new CreditAccount(event.tenantId(), AccountKind.RESERVED),
            new CreditAccount(event.tenantId(), AccountKind.SPENT)));
  }
}
