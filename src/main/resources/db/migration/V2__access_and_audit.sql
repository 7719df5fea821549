-- Who is involved with which resource holding patient data: what the access rules decide on.
CREATE TABLE resource_party (
    resource_type     VARCHAR(64)   NOT NULL,
    resource_id       VARCHAR(64)   NOT NULL,
    organization_ref  VARCHAR(160)  NOT NULL,
    relation          VARCHAR(16)   NOT NULL,
    PRIMARY KEY (resource_type, resource_id, organization_ref, relation)
);
CREATE INDEX resource_party_organization ON resource_party (organization_ref, resource_type, resource_id);

-- The audit trail (NEN 7513). The AuditEvents themselves are resources (type AuditEvent, never updated); this chain
-- makes changing or removing one detectable: each link's hash covers the event and the previous link's hash.
CREATE TABLE audit_chain (
    sequence        BIGINT        NOT NULL PRIMARY KEY,
    audit_event_id  VARCHAR(64)   NOT NULL UNIQUE,
    previous_hash   CHAR(64)      NOT NULL,
    hash            CHAR(64)      NOT NULL
);

-- The newest link, one row: appending locks it, so links are made one at a time and in order.
CREATE TABLE audit_chain_head (
    id        INTEGER   NOT NULL PRIMARY KEY,
    sequence  BIGINT    NOT NULL,
    hash      CHAR(64)  NOT NULL
);
INSERT INTO audit_chain_head (id, sequence, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
