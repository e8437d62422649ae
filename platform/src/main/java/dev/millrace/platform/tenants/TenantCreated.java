package dev.millrace.platform.tenants;

import java.util.UUID;

/**
 * Published inside the transaction that creates a tenant, so features that keep per-tenant rows
 * (the credit accounts) create them atomically with it.
 */
public record TenantCreated(UUID tenantId) {}
