-- Resources as clients wrote them, every version kept, with a search index beside them.
-- ${long_text} is TEXT on PostgreSQL and a 1,000,000-character VARCHAR on H2 (where TEXT would be a slow LOB).

CREATE TABLE resource (
    resource_type  VARCHAR(64)   NOT NULL,
    resource_id    VARCHAR(64)   NOT NULL,
    version_id     BIGINT        NOT NULL,
    last_updated   TIMESTAMP     NOT NULL,
    content        ${long_text}  NOT NULL,
    PRIMARY KEY (resource_type, resource_id)
);
CREATE INDEX resource_last_updated ON resource (resource_type, last_updated);

CREATE TABLE resource_version (
    resource_type  VARCHAR(64)   NOT NULL,
    resource_id    VARCHAR(64)   NOT NULL,
    version_id     BIGINT        NOT NULL,
    last_updated   TIMESTAMP     NOT NULL,
    content        ${long_text}  NOT NULL,
    PRIMARY KEY (resource_type, resource_id, version_id)
);

-- One row per searchable value of the current version. Dates are [date_low, date_high] in epoch milliseconds.
CREATE TABLE search_index (
    resource_type  VARCHAR(64)   NOT NULL,
    resource_id    VARCHAR(64)   NOT NULL,
    param          VARCHAR(64)   NOT NULL,
    token_system   VARCHAR(255),
    index_value    VARCHAR(512),
    date_low       BIGINT,
    date_high      BIGINT
);
CREATE INDEX search_index_value ON search_index (resource_type, param, index_value, resource_id);
CREATE INDEX search_index_date ON search_index (resource_type, param, date_low, date_high);
CREATE INDEX search_index_resource ON search_index (resource_type, resource_id);

-- The referral workflow (domain): requests, their tasks and what happened to them.
CREATE TABLE referral (
    id             VARCHAR(64)   NOT NULL PRIMARY KEY,
    category       VARCHAR(32)   NOT NULL,
    status         VARCHAR(32)   NOT NULL,
    subject_ref    VARCHAR(160)  NOT NULL,
    requester_ref  VARCHAR(160),
    performer_ref  VARCHAR(160),
    authored_on    TIMESTAMP
);

-- A business identifier belongs to one referral only: the database, not a check-then-insert, guarantees it.
CREATE TABLE referral_identifier (
    referral_id    VARCHAR(64)   NOT NULL REFERENCES referral (id),
    id_system      VARCHAR(255)  NOT NULL,
    id_value       VARCHAR(255)  NOT NULL,
    CONSTRAINT referral_identifier_unique UNIQUE (id_system, id_value)
);
CREATE INDEX referral_identifier_referral ON referral_identifier (referral_id);

CREATE TABLE referral_task (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    referral_id         VARCHAR(64)   NOT NULL UNIQUE REFERENCES referral (id),
    status              VARCHAR(32)   NOT NULL,
    status_before_hold  VARCHAR(32),
    business_status     VARCHAR(64),
    owner_ref           VARCHAR(160)  NOT NULL,
    status_reason       VARCHAR(1024)
);

CREATE TABLE referral_event (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    referral_id         VARCHAR(64)   NOT NULL REFERENCES referral (id),
    sequence            INTEGER       NOT NULL,
    event_type          VARCHAR(32)   NOT NULL,
    from_status         VARCHAR(64),
    to_status           VARCHAR(64),
    reason              VARCHAR(1024),
    occurred_at         TIMESTAMP     NOT NULL,
    actor_practitioner  VARCHAR(160),
    actor_organization  VARCHAR(160),
    actor_role          VARCHAR(32)   NOT NULL,
    CONSTRAINT referral_event_sequence UNIQUE (referral_id, sequence)
);
