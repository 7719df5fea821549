-- Identifiers that name one real person or organization (a patient's BSN, an organization's URA or AGB code) belong
-- to one resource of the type only: the database, not a search before the insert, guarantees it, also for creates
-- that arrive at the same moment. Kept with every write of the resource (UniqueIdentifiers names the systems).
CREATE TABLE unique_identifier (
    resource_type  VARCHAR(64)   NOT NULL,
    id_system      VARCHAR(255)  NOT NULL,
    id_value       VARCHAR(255)  NOT NULL,
    resource_id    VARCHAR(64)   NOT NULL,
    CONSTRAINT unique_identifier_unique UNIQUE (resource_type, id_system, id_value)
);
CREATE INDEX unique_identifier_resource ON unique_identifier (resource_type, resource_id);

-- The identifiers stored so far. Where earlier versions let several resources carry one value, the first id keeps it
-- (the others stay readable, but a conditional create now finds one resource only).
INSERT INTO unique_identifier (resource_type, id_system, id_value, resource_id)
SELECT resource_type, token_system, index_value, MIN(resource_id)
FROM search_index
WHERE param = 'identifier' AND index_value IS NOT NULL AND LENGTH(index_value) <= 255
  AND ((resource_type = 'Patient' AND token_system = 'http://fhir.nl/fhir/NamingSystem/bsn')
    OR (resource_type = 'Organization' AND token_system IN ('http://fhir.nl/fhir/NamingSystem/ura',
                                                            'http://fhir.nl/fhir/NamingSystem/agb-z')))
GROUP BY resource_type, token_system, index_value;
