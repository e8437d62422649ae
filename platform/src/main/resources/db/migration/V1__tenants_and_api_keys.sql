-- Runs on PostgreSQL and on H2 in PostgreSQL mode: keep to the SQL both accept.

CREATE TABLE tenants (
    id         UUID                     PRIMARY KEY,
    name       VARCHAR(100)             NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_tenants_name UNIQUE (name)
);

-- Only the SHA-256 of a key is stored; prefix is what lists show. Revoked keys stay.
CREATE TABLE api_keys (
    id          UUID                     PRIMARY KEY,
    tenant_id   UUID                     REFERENCES tenants (id),
    role        VARCHAR(16)              NOT NULL,
    name        VARCHAR(100)             NOT NULL,
    prefix      VARCHAR(16)              NOT NULL,
    secret_hash VARCHAR(64)              NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_api_keys_secret_hash UNIQUE (secret_hash),
    CONSTRAINT ck_api_keys_role CHECK (
        (role = 'ADMIN' AND tenant_id IS NULL) OR (role = 'MEMBER' AND tenant_id IS NOT NULL))
);

CREATE INDEX ix_api_keys_tenant ON api_keys (tenant_id);
