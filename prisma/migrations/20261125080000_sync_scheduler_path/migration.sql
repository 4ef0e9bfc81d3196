-- Sync scheduler (worker): reads which integrations exist and their state,
-- across organisations, to keep one BullMQ job scheduler per ACTIVE DMS
-- integration. Read only; everything a scheduled run does afterwards runs
-- as the integration's own organisation (app.org_id).
CREATE POLICY sync_scheduler ON "integrations" FOR SELECT
  USING ((select current_setting('app.sync_scheduler', true)) = 'on');
