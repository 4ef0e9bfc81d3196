-- Issue 15 item 10: a principal copies a pending invite's link again (the
-- token kept sealed beside its hash), and each side of a connection sees the
-- other side's contact email (neither side can read the other's users, so
-- the emails are copied when the invite is made and answered).
ALTER TABLE "connection_invites" ADD COLUMN "token_sealed" TEXT,
ADD COLUMN "created_by_email" TEXT;

ALTER TABLE "connections" ADD COLUMN "principal_email" TEXT,
ADD COLUMN "distributor_email" TEXT;

-- Existing rows get their contacts from the users they name: the inviter,
-- and for the distributor (whose answering user was not kept) its owner.
-- Row-level security is FORCED on these tables, so even their owner would
-- see no rows here without an organisation set: lift FORCE for this
-- migration only. Old invites keep no token: their links cannot be copied again.
ALTER TABLE "connection_invites" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "connections" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "users" NO FORCE ROW LEVEL SECURITY;
ALTER TABLE "memberships" NO FORCE ROW LEVEL SECURITY;

UPDATE "connection_invites" i SET "created_by_email" = u.email FROM "users" u WHERE u.id = i.created_by_id;

UPDATE "connections" c SET "principal_email" = i.created_by_email FROM "connection_invites" i WHERE i.id = c.invite_id;

UPDATE "connections" c SET "distributor_email" = (
  SELECT u.email FROM "memberships" m JOIN "users" u ON u.id = m.user_id
   WHERE m.organization_id = c.distributor_org_id AND m.role = 'OWNER'
   ORDER BY m.created_at, m.id LIMIT 1);

ALTER TABLE "connection_invites" FORCE ROW LEVEL SECURITY;
ALTER TABLE "connections" FORCE ROW LEVEL SECURITY;
ALTER TABLE "users" FORCE ROW LEVEL SECURITY;
ALTER TABLE "memberships" FORCE ROW LEVEL SECURITY;
