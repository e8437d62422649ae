-- Process instance history, written by the embedded engine's exporter (engine.HistoryExporter)
-- from the engine's records: at least once, so every write is an upsert by key, and a row only
-- moves forward (record_position guards against a replayed older record).
CREATE TABLE process_instances (
    process_instance_key        BIGINT                   PRIMARY KEY,
    bpmn_process_id             VARCHAR(255)             NOT NULL,
    process_version             INTEGER                  NOT NULL,
    process_definition_key      BIGINT                   NOT NULL,
    parent_process_instance_key BIGINT,
    -- The Millrace tenant, from the instance's variable tenantId; null: no tenant (admins only).
    tenant_id                   UUID,
    state                       VARCHAR(16)              NOT NULL,
    started_at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at                    TIMESTAMP WITH TIME ZONE,
    record_position             BIGINT                   NOT NULL
);

CREATE INDEX ix_process_instances_tenant ON process_instances (tenant_id, started_at);
CREATE INDEX ix_process_instances_started ON process_instances (started_at);

CREATE TABLE process_element_instances (
    element_instance_key BIGINT                   PRIMARY KEY,
    process_instance_key BIGINT                   NOT NULL,
    element_id           VARCHAR(255)             NOT NULL,
    element_type         VARCHAR(64)              NOT NULL,
    flow_scope_key       BIGINT                   NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    started_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at             TIMESTAMP WITH TIME ZONE,
    record_position      BIGINT                   NOT NULL
);

CREATE INDEX ix_process_elements_instance ON process_element_instances (process_instance_key);

CREATE TABLE process_variables (
    scope_key            BIGINT                   NOT NULL,
    name                 VARCHAR(255)             NOT NULL,
    process_instance_key BIGINT                   NOT NULL,
    value_json           VARCHAR(1000000)         NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    record_position      BIGINT                   NOT NULL,
    PRIMARY KEY (scope_key, name)
);

CREATE INDEX ix_process_variables_instance ON process_variables (process_instance_key);

CREATE TABLE process_incidents (
    incident_key         BIGINT                   PRIMARY KEY,
    process_instance_key BIGINT                   NOT NULL,
    element_id           VARCHAR(255)             NOT NULL,
    element_instance_key BIGINT                   NOT NULL,
    job_key              BIGINT,
    error_type           VARCHAR(64)              NOT NULL,
    error_message        VARCHAR(10000)           NOT NULL,
    state                VARCHAR(16)              NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    resolved_at          TIMESTAMP WITH TIME ZONE,
    record_position      BIGINT                   NOT NULL
);

CREATE INDEX ix_process_incidents_instance ON process_incidents (process_instance_key);
