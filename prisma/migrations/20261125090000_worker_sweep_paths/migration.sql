-- Sync scheduler (worker), continued: also reads the runs that are QUEUED or
-- RUNNING in every organisation, to find those whose BullMQ job was lost
-- (Redis restarted without persistence, or was flushed). Read only; ending
-- such a run is done as the run's own organisation (app.org_id).
CREATE POLICY sync_scheduler ON "sync_runs" FOR SELECT
  USING ((select current_setting('app.sync_scheduler', true)) = 'on' AND status IN ('QUEUED', 'RUNNING'));

-- Invite expiry (worker): marks PENDING invites past their expiry EXPIRED in
-- every organisation and records one `connection.invite_expired` audit event
-- for each, nothing else. The SELECT policies let the sweep read what it
-- changes (and Prisma's RETURNING see the rows it wrote).
CREATE POLICY invite_expiry ON "connection_invites" FOR SELECT
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND status IN ('PENDING', 'EXPIRED'));
CREATE POLICY invite_expiry_update ON "connection_invites" FOR UPDATE
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND status = 'PENDING')
  WITH CHECK ((select current_setting('app.invite_expiry', true)) = 'on' AND status = 'EXPIRED');
CREATE POLICY invite_expiry ON "audit_events" FOR SELECT
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND action = 'connection.invite_expired' AND target_type = 'invite');
CREATE POLICY invite_expiry_insert ON "audit_events" FOR INSERT
  WITH CHECK ((select current_setting('app.invite_expiry', true)) = 'on' AND action = 'connection.invite_expired' AND target_type = 'invite'
              AND actor_user_id IS NULL AND actor_org_id IS NULL);
