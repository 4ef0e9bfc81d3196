import type { MailLocale, MailTemplate } from '@portal/contracts';
import { type MailContent, MailDataError, type MailTemplateDef, PRODUCT_NAME } from './mail-template';
import { alert } from './alert';
import { memberInvite } from './member-invite';
import { passwordChanged } from './password-changed';
import { passwordReset } from './password-reset';

/** Every template of contracts `mailTemplate`: the compiler refuses a name without one. */
const TEMPLATES: Record<MailTemplate, MailTemplateDef> = {
  member_invite: memberInvite as MailTemplateDef,
  password_reset: passwordReset as MailTemplateDef,
  password_changed: passwordChanged as MailTemplateDef,
  alert: alert as MailTemplateDef,
};

const FOOTER: Record<MailLocale, { fallback: string; automatic: string }> = {
  id: {
    fallback: 'Jika tombol tidak berfungsi, salin tautan ini ke browser Anda:',
    automatic: `Email ini dikirim otomatis oleh ${PRODUCT_NAME}; mohon tidak membalas.`,
  },
  en: {
    fallback: 'If the button does not work, copy this link into your browser:',
    automatic: `This email was sent automatically by ${PRODUCT_NAME}; please do not reply.`,
  },
};

export interface RenderedMail {
  subject: string;
  html: string;
  text: string;
}

/** One email in the recipient's language: subject, HTML and the plain-text part. */
export function renderMail(template: MailTemplate, locale: MailLocale, data: Record<string, string>): RenderedMail {
  const def = TEMPLATES[template];
  const missing = def.keys.filter((k) => !data[k]);
  if (!missing.length && def.keysFor) missing.push(...def.keysFor(data).filter((k) => !data[k]));
  if (missing.length) throw new MailDataError(`mail "${template}" needs ${missing.join(', ')}`);
  const content = def.content[locale](data);
  // Links are built by the portal from PUBLIC_BASE_URL; anything else (javascript:, data:) is a bug, never sent.
  if (!/^https?:\/\//.test(content.action.url)) throw new MailDataError(`mail "${template}" has a link that is not http(s)`);
  return { subject: content.subject, html: html(content, FOOTER[locale], locale), text: text(content, FOOTER[locale]) };
}

function text(c: MailContent, footer: { fallback: string; automatic: string }): string {
  return [
    PRODUCT_NAME,
    '',
    ...(c.greeting ? [c.greeting, ''] : []),
    ...c.paragraphs.flatMap((p) => [p, '']),
    `${c.action.label}:`,
    c.action.url,
    '',
    ...(c.closing ? [c.closing, ''] : []),
    '--',
    footer.automatic,
    '',
  ].join('\n');
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

// Table layout and inline styles: what mail clients (Outlook, Gmail) render alike.
function html(c: MailContent, footer: { fallback: string; automatic: string }, locale: MailLocale): string {
  const p = (s: string, style = 'margin:0 0 16px;') => `<p style="${style}">${escape(s)}</p>`;
  const url = escape(c.action.url);
  return `<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escape(c.subject)}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2933;font-size:15px;line-height:1.5;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="background:#f4f5f7;padding:24px 0;"><tr><td align="center">
<table role="presentation" width="560" cellpadding="0" cellspacing="0" style="max-width:560px;width:100%;background:#ffffff;border-radius:8px;">
<tr><td style="padding:20px 32px;border-bottom:1px solid #e4e7eb;font-size:18px;font-weight:bold;color:#0b5cab;">${escape(PRODUCT_NAME)}</td></tr>
<tr><td style="padding:28px 32px 8px;">
${c.greeting ? p(c.greeting) : ''}
${c.paragraphs.map((s) => p(s)).join('\n')}
<table role="presentation" cellpadding="0" cellspacing="0" style="margin:8px 0 24px;"><tr><td style="border-radius:6px;background:#0b5cab;">
<a href="${url}" style="display:inline-block;padding:12px 24px;color:#ffffff;text-decoration:none;font-weight:bold;">${escape(c.action.label)}</a>
</td></tr></table>
${c.closing ? p(c.closing) : ''}
${p(footer.fallback, 'margin:0 0 4px;font-size:13px;color:#52606d;')}
<p style="margin:0 0 24px;font-size:13px;word-break:break-all;"><a href="${url}" style="color:#0b5cab;">${url}</a></p>
</td></tr>
<tr><td style="padding:16px 32px;border-top:1px solid #e4e7eb;font-size:12px;color:#7b8794;">${escape(footer.automatic)}</td></tr>
</table>
</td></tr></table>
</body>
</html>
`;
}
