import { NOTIFICATION_KINDS, type NotificationKind } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { MailDataError } from './mail-template';
import { renderMail } from './render-mail';

const LINK = 'https://portal.example/integrations/7d1f0b8e-0000-4000-8000-000000000001';

/** What NotificationFanout puts in each kind's mail, and one value per kind that must show in its text. */
const CASES: Record<NotificationKind, { params: Record<string, string>; shows: string }> = {
  sync_failed: { params: { integrationName: 'DMS Gudang Timur', error: 'AccessKey rejected' }, shows: 'DMS Gudang Timur' },
  integration_error: { params: { integrationName: 'SAP Pusat', reason: 'SAP credentials rejected' }, shows: 'SAP Pusat' },
  connection_requested: { params: { expiresAt: '2026-12-20T03:00:00.000Z' }, shows: '20' },
  connection_accepted: { params: { partnerName: 'PT Sumber Rejeki' }, shows: 'PT Sumber Rejeki' },
  connection_declined: { params: { partnerName: 'PT Sumber Rejeki' }, shows: 'PT Sumber Rejeki' },
  connection_revoked: { params: { partnerName: 'PT Nusantara Foods' }, shows: 'PT Nusantara Foods' },
  webhook_endpoint_disabled: { params: { url: 'https://hooks.example/portal', reason: 'GONE' }, shows: 'https://hooks.example/portal' },
};

describe('the alert mail (issue 12)', () => {
  it('renders every kind in Indonesian and English: its own subject, the values in both parts and the absolute link as the button', () => {
    const subjects = new Set<string>();
    for (const kind of NOTIFICATION_KINDS) {
      const { params, shows } = CASES[kind];
      const data = { ...params, kind, link: LINK, name: 'Sari' };
      const id = renderMail('alert', 'id', data);
      const en = renderMail('alert', 'en', data);
      expect(id.subject).not.toBe(en.subject);
      subjects.add(id.subject).add(en.subject);
      for (const mail of [id, en]) {
        expect(mail.subject + mail.text).toContain(shows);
        expect(mail.html).toContain(shows);
        expect(mail.text).toContain('Sari');
        expect(mail.text).toContain(LINK);
        expect(mail.html).toContain(`href="${LINK}"`);
      }
      expect(id.text).toContain('Halo Sari');
      expect(en.text).toContain('Hello Sari');
    }
    expect(subjects.size).toBe(NOTIFICATION_KINDS.length * 2);
  });

  it('says why in the recipient language', () => {
    const failed = { kind: 'sync_failed', link: LINK, name: 'Sari', integrationName: 'DMS Gudang Timur' };
    expect(renderMail('alert', 'id', failed).subject).toBe('Portal Distribusi: Sinkronisasi DMS Gudang Timur gagal');
    expect(renderMail('alert', 'en', failed).subject).toBe('Portal Distribusi: Sync of DMS Gudang Timur failed');
    const disabled = { kind: 'webhook_endpoint_disabled', link: LINK, name: 'Sari', url: 'https://hooks.example/x', reason: 'FAILING' };
    expect(renderMail('alert', 'id', disabled).text).toContain('gagal selama 5 hari');
    expect(renderMail('alert', 'en', disabled).text).toContain('failed for 5 days');
    const requested = { kind: 'connection_requested', link: LINK, name: 'Sari', expiresAt: '2026-12-20T03:00:00.000Z' };
    expect(renderMail('alert', 'id', requested).text).toContain('20 Desember 2026');
    expect(renderMail('alert', 'en', requested).text).toContain('December 20, 2026');
  });

  it('refuses an unknown kind, or data missing what its kind needs', () => {
    expect(() => renderMail('alert', 'en', { kind: 'nope', link: LINK, name: 'Sari' })).toThrow(MailDataError);
    expect(() => renderMail('alert', 'en', { kind: 'sync_failed', link: LINK, name: 'Sari' })).toThrow(/integrationName/);
  });
});
