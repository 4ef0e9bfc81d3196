-- Webhook sweep (worker, issue 12): reads the PENDING webhook messages of
-- every organisation to queue again the attempts whose job was lost (Redis
-- flushed, a worker killed between recording an attempt and queueing the
-- next). Read only; delivering runs as the message's organisation (app.org_id).
CREATE POLICY webhook_sweep ON "webhook_messages" FOR SELECT
  USING ((select current_setting('app.webhook_sweep', true)) = 'on' AND status = 'PENDING');

-- The sweep's read: overdue PENDING messages, oldest first.
CREATE INDEX "webhook_messages_pending_next_attempt_at_idx" ON "webhook_messages" ("next_attempt_at") WHERE status = 'PENDING';
