import { mailTemplate } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import { MailDataError } from './mail-template';
import { renderMail } from './render-mail';

const DATA = {
  member_invite: { inviteUrl: 'https://portal.example/join/abc', organizationName: 'PT Maju', inviterName: 'Sari', role: 'ADMIN' },
  password_reset: { resetUrl: 'https://portal.example/reset-password#t', name: 'Budi' },
  password_changed: { name: 'Budi', forgotPasswordUrl: 'https://portal.example/forgot-password' },
  alert: { kind: 'sync_failed', link: 'https://portal.example/integrations/abc', name: 'Budi', integrationName: 'DMS Utama' },
} satisfies Record<(typeof mailTemplate.options)[number], Record<string, string>>;

describe('renderMail', () => {
  it('renders every template in Indonesian and English, each with its link in both parts', () => {
    for (const template of mailTemplate.options) {
      const id = renderMail(template, 'id', DATA[template]);
      const en = renderMail(template, 'en', DATA[template]);
      expect(id.subject).not.toBe(en.subject);
      for (const mail of [id, en]) {
        expect(mail.subject).toContain('Portal Distribusi');
        const url = Object.values(DATA[template]).find((v) => v.startsWith('https://'))!;
        expect(mail.text).toContain(url);
        expect(mail.html).toContain(`href="${url}"`);
      }
    }
  });

  it('speaks the recipient language', () => {
    expect(renderMail('password_reset', 'id', DATA.password_reset).text).toContain('Halo Budi');
    expect(renderMail('password_reset', 'id', DATA.password_reset).text).toContain('30 menit');
    expect(renderMail('password_reset', 'en', DATA.password_reset).text).toContain('30 minutes');
    expect(renderMail('member_invite', 'id', DATA.member_invite).text).toContain('sebagai Admin');
  });

  it('escapes what users typed in the HTML part', () => {
    const mail = renderMail('member_invite', 'en', { ...DATA.member_invite, organizationName: '<script>x</script> & Co' });
    expect(mail.html).not.toContain('<script>x');
    expect(mail.html).toContain('&lt;script&gt;x&lt;/script&gt; &amp; Co');
    expect(mail.text).toContain('<script>x</script> & Co');
  });

  it('refuses data missing a key, or a link that is not http(s)', () => {
    expect(() => renderMail('password_reset', 'en', { name: 'Budi' })).toThrow(MailDataError);
    expect(() => renderMail('password_reset', 'en', { name: 'Budi', resetUrl: 'javascript:alert(1)' })).toThrow(/http/);
  });
});
