-- Invite expiry (worker), continued: the same sweep also expires member
-- invites (issue 11), which otherwise stayed PENDING forever once past their
-- week (refused when used, hidden from the list, but never marked). As for
-- connection invites: it reads PENDING and EXPIRED member invites of every
-- organisation, may only turn PENDING into EXPIRED, and may only append the
-- `member.invite_expired` audit event, with no actor (time expired it).
CREATE POLICY invite_expiry ON "member_invites" FOR SELECT
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND status IN ('PENDING', 'EXPIRED'));
CREATE POLICY invite_expiry_update ON "member_invites" FOR UPDATE
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND status = 'PENDING')
  WITH CHECK ((select current_setting('app.invite_expiry', true)) = 'on' AND status = 'EXPIRED');
CREATE POLICY member_invite_expiry ON "audit_events" FOR SELECT
  USING ((select current_setting('app.invite_expiry', true)) = 'on' AND action = 'member.invite_expired' AND target_type = 'member_invite');
CREATE POLICY member_invite_expiry_insert ON "audit_events" FOR INSERT
  WITH CHECK ((select current_setting('app.invite_expiry', true)) = 'on' AND action = 'member.invite_expired' AND target_type = 'member_invite'
              AND actor_user_id IS NULL AND actor_org_id IS NULL AND actor_type = 'SYSTEM' AND actor_id IS NULL);
