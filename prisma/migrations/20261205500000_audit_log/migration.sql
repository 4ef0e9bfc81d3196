-- The audit log as a product feature (issue 11, docs/product/api-keys-and-audit.md):
-- a typed actor with the label it had when it acted, the request id, and
-- before/after of what changed; rows are append-only for the application role.

CREATE TYPE "AuditActorType" AS ENUM ('USER', 'API_KEY', 'OAUTH_CLIENT', 'SYSTEM');

ALTER TABLE "audit_events"
  ADD COLUMN "actor_type" "AuditActorType" NOT NULL DEFAULT 'SYSTEM',
  ADD COLUMN "actor_id" TEXT,
  ADD COLUMN "actor_label" TEXT,
  -- TenantDb sets app.request_id in every transaction the API opens for a
  -- request, so every writer (AuditService, runAsPlatformAdmin, login) records
  -- it without passing it along; the worker's transactions leave it null.
  ADD COLUMN "request_id" TEXT DEFAULT nullif(current_setting('app.request_id'::text, true), ''::text),
  ADD COLUMN "before" JSONB,
  ADD COLUMN "after" JSONB;

-- Existing rows: a user id makes a USER actor, labelled with that user's
-- email while the user still exists; anything else was the platform itself.
-- RLS is forced on both tables, so the backfill reads as the platform-admin path.
SELECT set_config('app.platform_admin', 'on', true);
UPDATE "audit_events" a
   SET "actor_type" = 'USER',
       "actor_id" = a."actor_user_id"::text,
       "actor_label" = (SELECT u."email" FROM "users" u WHERE u."id" = a."actor_user_id")
 WHERE a."actor_user_id" IS NOT NULL;
SELECT set_config('app.platform_admin', '', true);

-- Writers that name only a user (`actor_user_id`: the platform-admin path in
-- TenantDb, older callers of AuditService.record) still get a typed actor and
-- the user's email as its label. Runs as the writer, under its RLS: the user
-- is always one the writing transaction may read (its own organisation, or
-- every one on the platform-admin path).
CREATE FUNCTION audit_events_fill_actor() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.actor_id IS NULL AND NEW.actor_user_id IS NOT NULL THEN
    NEW.actor_type := 'USER';
    NEW.actor_id := NEW.actor_user_id::text;
  END IF;
  IF NEW.actor_type = 'USER' AND NEW.actor_label IS NULL AND NEW.actor_id IS NOT NULL THEN
    NEW.actor_label := (SELECT u.email FROM users u WHERE u.id::text = NEW.actor_id);
  END IF;
  RETURN NEW;
END;
$$;
CREATE TRIGGER audit_events_fill_actor BEFORE INSERT ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION audit_events_fill_actor();

-- Append-only: an organisation reads and adds its own rows (platform admins
-- every organisation's) but no policy lets anyone under RLS change or remove
-- one. The application role also holds no UPDATE/DELETE/TRUNCATE grant
-- (provisionAppRole, which runs after every migration), so trying is an
-- error, not a silent no-op. Deleting an organisation still removes its rows:
-- the foreign key's cascade runs as the table's owner.
DROP POLICY tenant_isolation ON "audit_events";
CREATE POLICY tenant_read ON "audit_events" FOR SELECT
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');
CREATE POLICY tenant_append ON "audit_events" FOR INSERT
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- Keyset pages newest first, per organisation and (platform admins) across all.
DROP INDEX "audit_events_organization_id_created_at_idx";
CREATE INDEX "audit_events_organization_id_created_at_id_idx" ON "audit_events"("organization_id", "created_at" DESC, "id" DESC);
CREATE INDEX "audit_events_created_at_id_idx" ON "audit_events"("created_at" DESC, "id" DESC);
