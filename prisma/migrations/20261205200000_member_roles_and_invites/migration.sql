-- Issue 11: roles OWNER, ADMIN, MEMBER, VIEWER (the permission matrix is in
-- packages/contracts/src/permissions.ts) and member invites by email.
-- Existing OWNER and MEMBER rows keep their role.
ALTER TYPE "MembershipRole" ADD VALUE IF NOT EXISTS 'ADMIN' BEFORE 'MEMBER';
ALTER TYPE "MembershipRole" ADD VALUE IF NOT EXISTS 'VIEWER';

-- A colleague invited into an organisation: single-use, expiring, looked up
-- by the SHA-256 of its token only; the token is also kept sealed (the
-- invite's id as associated data) so the inviting organisation can copy the
-- link again.
CREATE TABLE "member_invites" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "email" TEXT NOT NULL,
    "role" "MembershipRole" NOT NULL,
    "token_hash" TEXT NOT NULL,
    "token_sealed" TEXT,
    "status" "InviteStatus" NOT NULL DEFAULT 'PENDING',
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_by_id" UUID NOT NULL,
    "created_by_name" TEXT NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_invites_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "member_invites_token_hash_key" ON "member_invites"("token_hash");
CREATE INDEX "member_invites_organization_id_status_created_at_idx" ON "member_invites"("organization_id", "status", "created_at" DESC);
ALTER TABLE "member_invites" ADD CONSTRAINT "member_invites_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "member_invites" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "member_invites" FORCE ROW LEVEL SECURITY;

CREATE POLICY tenant_isolation ON "member_invites"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- The public invite page (TenantDb.runForMemberInvite): the invite whose token
-- hash is presented, and the name and kind of its organisation. Read only:
-- accepting runs as the invite's organisation.
CREATE POLICY member_invite_lookup ON "member_invites" FOR SELECT
  USING (token_hash = (select current_setting('app.member_invite_token_hash', true)));
CREATE POLICY member_invite_organization ON "organizations" FOR SELECT
  USING (id IN (SELECT organization_id FROM member_invites
                 WHERE token_hash = (select current_setting('app.member_invite_token_hash', true))));
