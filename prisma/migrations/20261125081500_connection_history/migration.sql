-- Each side of a connection sees the other side's audit events about that
-- connection (accepted, declined, revoked), so both can read one history of
-- it. Read-only, and only for events whose target is a connection the
-- caller is a party to: the sub-select on "connections" is itself filtered
-- by that table's row-level security.
CREATE POLICY connection_history ON "audit_events" FOR SELECT
  USING (target_type = 'connection' AND EXISTS (
    SELECT 1 FROM connections c WHERE c.id::text = audit_events.target_id));
