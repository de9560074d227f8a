-- Part 2: enrollment tokens and the device ledger. Same rules as V1: portable types only (H2 in PostgreSQL mode and
-- PostgreSQL run this one file), times as epoch milliseconds.

-- Whether the broker keeps the private keys it generates for this fleet's devices (custodial fleets).
ALTER TABLE fleet ADD COLUMN custodial BOOLEAN DEFAULT FALSE NOT NULL;

-- One-time enrollment tokens. Only the SHA-256 of the secret is stored. A token is consumed by a conditional
-- UPDATE (uses_left > 0 AND not revoked AND not expired) in the transaction that records the certificate, so it
-- works exactly max_uses times across replicas.
CREATE TABLE enrollment_token (
    id VARCHAR(36) PRIMARY KEY,
    token_hash VARCHAR(64) NOT NULL,
    ca_id VARCHAR(64),
    fleet_name VARCHAR(63),
    thing_name VARCHAR(128),
    thing_pattern VARCHAR(256),
    max_uses INTEGER NOT NULL,
    uses_left INTEGER NOT NULL,
    server_keygen BOOLEAN NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked_at BIGINT,
    created_by VARCHAR(128) NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);

CREATE UNIQUE INDEX enrollment_token_hash ON enrollment_token (token_hash);

-- Every device certificate the broker issued. status is ACTIVE or REVOKED; custodial_key is the private key sealed
-- by KeyEncryption (owner "device:<certificate id>") when the fleet is custodial and the broker generated the key.
CREATE TABLE device_certificate (
    certificate_id VARCHAR(64) PRIMARY KEY,
    thing_name VARCHAR(128) NOT NULL,
    serial VARCHAR(80) NOT NULL,
    ca_id VARCHAR(64) NOT NULL REFERENCES ca (id),
    fleet_name VARCHAR(63),
    not_before BIGINT NOT NULL,
    not_after BIGINT NOT NULL,
    status VARCHAR(16) NOT NULL,
    certificate_pem VARCHAR(16384) NOT NULL,
    custodial_key VARCHAR(16384),
    token_id VARCHAR(36),
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT,
    revoked_by VARCHAR(128)
);

CREATE INDEX device_certificate_thing ON device_certificate (thing_name, issued_at);
