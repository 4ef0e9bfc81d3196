import { type MailJobV1, mailLocale } from '@portal/contracts';

type Recipient = { email: string; name: string; locale: string };

/** The recipient's language when the portal speaks it, else Bahasa Indonesia (the portal's first language). */
const localeOf = (user: Recipient) => mailLocale.catch('id').parse(user.locale);

/** Links are built from PUBLIC_BASE_URL, never from the request's Host header. The token rides in the fragment: never sent to a server or a Referer. */
export const resetLink = (baseUrl: string, token: string) => new URL(`/reset-password#token=${token}`, baseUrl).toString();

export function passwordResetMail(organizationId: string, user: Recipient, resetUrl: string): Omit<MailJobV1, 'v'> {
  return { organizationId, to: user.email, locale: localeOf(user), template: 'password_reset', data: { resetUrl, name: user.name } };
}

export function passwordChangedMail(organizationId: string, user: Recipient, baseUrl: string): Omit<MailJobV1, 'v'> {
  return {
    organizationId,
    to: user.email,
    locale: localeOf(user),
    template: 'password_changed',
    data: { name: user.name, forgotPasswordUrl: new URL('/forgot-password', baseUrl).toString() },
  };
}
