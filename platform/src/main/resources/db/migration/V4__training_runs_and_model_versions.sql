-- Registered model versions. The artifact directory (weights, model card, preprocessing) is copied
-- to <data-dir>/models/<tenant_id>/<training_run_id>/ so a version outlives its run's work files.
-- JSON documents are VARCHAR: both databases take them, and Hibernate validates them as strings.
CREATE TABLE model_versions (
    id                UUID                     PRIMARY KEY,
    tenant_id         UUID                     NOT NULL REFERENCES tenants (id),
    model_name        VARCHAR(100)             NOT NULL,
    version           INTEGER                  NOT NULL,
    catalog_entry     VARCHAR(100)             NOT NULL,
    task              VARCHAR(32)              NOT NULL,
    stage             VARCHAR(16)              NOT NULL,
    training_run_id   UUID                     NOT NULL,
    parent_version_id UUID                     REFERENCES model_versions (id),
    -- No foreign key: a dataset may be deleted; the lineage keeps its fingerprint.
    dataset_id        UUID                     NOT NULL,
    artifact_id       VARCHAR(100)             NOT NULL,
    artifact_dir      VARCHAR(1000)            NOT NULL,
    metrics           VARCHAR(100000)          NOT NULL,
    data_lineage      VARCHAR(100000)          NOT NULL,
    model_card        VARCHAR(1000000)         NOT NULL,
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    stage_changed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    row_version       BIGINT                   NOT NULL,
    CONSTRAINT uq_model_versions_run UNIQUE (training_run_id),
    CONSTRAINT uq_model_versions_number UNIQUE (tenant_id, model_name, version)
);

CREATE INDEX ix_model_versions_tenant ON model_versions (tenant_id, created_at);

-- Training and fine-tuning runs: what was asked, where the process and the compute are, and what
-- came out. Credits live in the ledger under the reservation key run:<id>.
CREATE TABLE training_runs (
    id                     UUID                     PRIMARY KEY,
    tenant_id              UUID                     NOT NULL REFERENCES tenants (id),
    kind                   VARCHAR(16)              NOT NULL,
    model_name             VARCHAR(100)             NOT NULL,
    catalog_entry          VARCHAR(100)             NOT NULL,
    dataset_id             UUID                     NOT NULL,
    target                 VARCHAR(200)             NOT NULL,
    hyperparameters        VARCHAR(100000)          NOT NULL,
    epochs                 INTEGER,
    seed                   BIGINT,
    time_budget_seconds    INTEGER                  NOT NULL,
    compute_type           VARCHAR(8)               NOT NULL,
    compute_size           VARCHAR(8)               NOT NULL,
    parent_version_id      UUID                     REFERENCES model_versions (id),
    learning_rate_factor   DOUBLE PRECISION,
    freeze_layers          INTEGER,
    new_head               BOOLEAN                  NOT NULL,
    state                  VARCHAR(16)              NOT NULL,
    cancel_requested       BOOLEAN                  NOT NULL,
    current_epoch          INTEGER                  NOT NULL,
    max_epochs             INTEGER,
    device                 VARCHAR(16),
    outcome                VARCHAR(16),
    compute_seconds        DOUBLE PRECISION,
    artifact_dir           VARCHAR(1000),
    test_metrics           VARCHAR(100000),
    evaluation             VARCHAR(100000),
    failure_message        VARCHAR(4000),
    reserved_micro_credits BIGINT                   NOT NULL,
    process_instance_key   BIGINT,
    model_version_id       UUID,
    created_at             TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at             TIMESTAMP WITH TIME ZONE,
    compute_ended_at       TIMESTAMP WITH TIME ZONE,
    finished_at            TIMESTAMP WITH TIME ZONE,
    row_version            BIGINT                   NOT NULL
);

CREATE INDEX ix_training_runs_tenant ON training_runs (tenant_id, kind, created_at);
CREATE INDEX ix_training_runs_state ON training_runs (state);

-- One row per epoch as the compute backend reports it (a resumed run may report an epoch again:
-- the later report replaces the earlier).
CREATE TABLE training_run_epochs (
    run_id      UUID                     NOT NULL REFERENCES training_runs (id),
    epoch       INTEGER                  NOT NULL,
    metrics     VARCHAR(10000)           NOT NULL,
    recorded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (run_id, epoch)
);
