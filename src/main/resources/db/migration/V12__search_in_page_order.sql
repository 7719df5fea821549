-- Searches return a page at a time, newest first: each index row carries its resource's last_updated, so that a
-- search walks the index of its most selective value in page order and stops after one page, instead of sorting
-- every match (10,000 referrals to one hospital) to return 50. The columns after the value are descending because
-- H2 reads an index in its own direction only. The same index answers "does this resource have this value" when the
-- lookup names last_updated too, so it replaces the old (resource_type, param, index_value, resource_id) one.
ALTER TABLE search_index ADD COLUMN last_updated TIMESTAMP;
UPDATE search_index SET last_updated = (SELECT r.last_updated FROM resource r
    WHERE r.resource_type = search_index.resource_type AND r.resource_id = search_index.resource_id);
-- Entries without their resource never matched a search (every search reads the resource row).
DELETE FROM search_index WHERE last_updated IS NULL;
ALTER TABLE search_index ALTER COLUMN last_updated SET NOT NULL;
DROP INDEX search_index_value;
CREATE INDEX search_index_value ON search_index (resource_type, param, index_value, last_updated DESC, resource_id DESC);

-- A search without such a value walks the type's resources in page order.
DROP INDEX resource_last_updated;
CREATE INDEX resource_last_updated ON resource (resource_type, last_updated DESC, resource_id DESC);
