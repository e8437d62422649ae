package dev.millrace.platform.tenants;

/** What an API key may do. */
public enum Role {
  /** The platform operator: manages tenants, keys and grants; belongs to no tenant. */
  ADMIN,
  /** A member of one tenant: sees and changes only that tenant's objects. */
  MEMBER
}
