import type { MemberInviteCreated, MeResponse } from '@portal/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ListState } from '../../../components/ui/list-state';
import { Dialog, PageHeader } from '../../../components/ui/ui';
import { usePermission } from '../../../lib/permissions';
import { useMe } from '../../../lib/session';
import { useMemberInvites, useMembers } from '../api/team';
import { InviteMemberForm } from '../components/invite-member-form';
import { MembersTable } from '../components/members-table';
import { PendingInvites } from '../components/pending-invites';

/** *Tim / Team*: the members with their roles; owners and admins invite, change roles and remove. */
export function TeamPage() {
  const me = useMe().data;
  return me ? <Team me={me} /> : null;
}

function Team({ me }: { me: MeResponse }) {
  const { t } = useTranslation();
  const manage = usePermission('members:manage');
  const members = useMembers();
  const invites = useMemberInvites(manage.allowed);
  const [created, setCreated] = useState<MemberInviteCreated | null>(null);

  return (
    <>
      <PageHeader title={t('team.title')} subtitle={t('team.subtitle')} />
      {manage.allowed ? <InviteMemberForm me={me} onInvited={setCreated} /> : <p className="muted">{manage.reason}</p>}
      <ListState query={members} empty={null}>
        {(rows) => <MembersTable members={rows} me={me} />}
      </ListState>
      {manage.allowed ? (
        <section>
          <h2>{t('team.pending')}</h2>
          <ListState query={invites} empty={<p className="muted">{t('team.noPending')}</p>}>
            {(rows) => <PendingInvites invites={rows} />}
          </ListState>
        </section>
      ) : null}
      <Dialog open={created !== null} title={t('team.invited', { email: created?.email ?? '' })} onClose={() => setCreated(null)}>
        {created ? (
          <>
            <p>{t('team.inviteLinkText')}</p>
            <div className="copy-row">
              <input readOnly value={created.url} aria-label={t('team.copyLink')} data-testid="member-invite-url" onFocus={(e) => e.currentTarget.select()} />
            </div>
          </>
        ) : null}
      </Dialog>
    </>
  );
}
