-- The current version's content is kept once, in resource; its resource_version row has none until a newer version
-- replaces it, in the same transaction (JdbcResourceStore.keepReplaced). A create so writes its JSON once instead of
-- twice: on H2 each commit rewrites every page it changed, and telemonitoring creates thousands of resources a second.
-- Rows written before keep their content; a read prefers it.
ALTER TABLE resource_version ALTER COLUMN content DROP NOT NULL;
