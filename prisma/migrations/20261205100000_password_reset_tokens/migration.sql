-- Issue 11: password reset by email link. A token is looked up by its SHA-256
-- only (the token itself is in the mail and nowhere else), used once, and
-- works for 30 minutes.
CREATE TABLE "password_reset_tokens" (
    "id" UUID NOT NULL,
    "organization_id" UUID NOT NULL,
    "user_id" UUID NOT NULL,
    "token_hash" TEXT NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "used_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "password_reset_tokens_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "password_reset_tokens_token_hash_key" ON "password_reset_tokens"("token_hash");
CREATE INDEX "password_reset_tokens_organization_id_user_id_idx" ON "password_reset_tokens"("organization_id", "user_id");

ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "password_reset_tokens" ADD CONSTRAINT "password_reset_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "password_reset_tokens" ENABLE ROW LEVEL SECURITY;
ALTER TABLE "password_reset_tokens" FORCE ROW LEVEL SECURITY;

-- Own rows (the request writes the token as the user's organisation; the
-- confirmation consumes it and sets the password the same way).
CREATE POLICY tenant_isolation ON "password_reset_tokens"
  USING (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on')
  WITH CHECK (organization_id = (select nullif(current_setting('app.org_id', true), '')::uuid) OR (select current_setting('app.platform_admin', true)) = 'on');

-- A reset link, before its organisation is known: exactly the token with this hash, read only.
CREATE POLICY password_reset_lookup ON "password_reset_tokens" FOR SELECT
  USING (token_hash = (select current_setting('app.password_reset_token_hash', true)));
