-- One schema for both databases (H2 in PostgreSQL mode, PostgreSQL): portable types only, times as epoch
-- milliseconds, text as VARCHAR. AWS IoT stays the system of record for templates, things and certificates; these
-- tables hold what IoT does not: keys, profiles, and the progress of multi-step operations so that they resume.

CREATE TABLE broker_meta (
    name VARCHAR(64) PRIMARY KEY,
    meta_value VARCHAR(4096) NOT NULL
);

CREATE TABLE ca (
    id VARCHAR(64) PRIMARY KEY,
    name VARCHAR(63) NOT NULL,
    generation INTEGER NOT NULL,
    status VARCHAR(16) NOT NULL,
    origin VARCHAR(16) NOT NULL,
    subject VARCHAR(1024) NOT NULL,
    key_type VARCHAR(16) NOT NULL,
    serial VARCHAR(80) NOT NULL,
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    certificate_pem VARCHAR(16384) NOT NULL,
    sealed_key VARCHAR(16384),
    profile VARCHAR(8192) NOT NULL,
    rotated_from VARCHAR(64),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL
);

CREATE UNIQUE INDEX ca_name_generation ON ca (name, generation);

CREATE TABLE ca_registration (
    ca_id VARCHAR(64) PRIMARY KEY REFERENCES ca (id),
    mode VARCHAR(16) NOT NULL,
    set_as_active BOOLEAN NOT NULL,
    auto_registration BOOLEAN NOT NULL,
    template_name VARCHAR(36),
    step VARCHAR(24) NOT NULL,
    registration_code VARCHAR(128),
    verification_pem VARCHAR(8192),
    certificate_arn VARCHAR(256),
    iot_status VARCHAR(16),
    adopted BOOLEAN NOT NULL,
    attempts INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL
);

CREATE TABLE fleet (
    name VARCHAR(63) PRIMARY KEY,
    role_alias VARCHAR(128) NOT NULL,
    role_arn VARCHAR(2048) NOT NULL,
    credential_duration_seconds INTEGER NOT NULL,
    policy_name VARCHAR(128) NOT NULL,
    role_alias_arn VARCHAR(256),
    policy_arn VARCHAR(256),
    ca_name VARCHAR(63),
    template_name VARCHAR(36),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    row_version BIGINT NOT NULL
);
