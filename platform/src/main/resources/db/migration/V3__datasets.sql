-- Tenants' data files. The file and the model runtime's full profile (profile.json: per-column
-- statistics and value counts, unbounded in size) live under <data-dir>/datasets/<tenant_id>/<id>/.
CREATE TABLE datasets (
    id            UUID                     PRIMARY KEY,
    tenant_id     UUID                     NOT NULL REFERENCES tenants (id),
    name          VARCHAR(200)             NOT NULL,
    file_name     VARCHAR(255)             NOT NULL,
    format        VARCHAR(64)              NOT NULL,
    size_bytes    BIGINT                   NOT NULL,
    sha256        VARCHAR(64)              NOT NULL,
    row_count     BIGINT                   NOT NULL,
    column_count  INTEGER                  NOT NULL,
    target        VARCHAR(200),
    valid         BOOLEAN                  NOT NULL,
    error_count   INTEGER                  NOT NULL,
    warning_count INTEGER                  NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ix_datasets_tenant ON datasets (tenant_id, created_at);
