import { inject, vi } from 'vitest';

/** The e2e stack's mail catcher (maildev): its web inbox and REST API. */
export const mailUrl = () => inject('mailUrl');

/** A mail as maildev's REST API (`GET /email`) returns it; the fields the tests read. */
export interface CaughtMail {
  id: string;
  subject: string;
  to: { address: string; name: string }[];
  text: string;
  html: string;
}

async function inbox(): Promise<CaughtMail[]> {
  const res = await fetch(`${mailUrl()}/email`);
  if (!res.ok) throw new Error(`the mail catcher answered ${res.status}`);
  return (await res.json()) as CaughtMail[];
}

/**
 * The newest mail to `address` (whose subject matches `subject`, when given),
 * polling the catcher until it arrives: mails leave through the worker's queue,
 * so they land a moment after the request that caused them.
 */
export function waitForMail(address: string, opts: { subject?: RegExp; timeoutMs?: number } = {}): Promise<CaughtMail> {
  return vi.waitFor(
    async () => {
      const mail = (await inbox())
        .filter((m) => m.to.some((t) => t.address.toLowerCase() === address.toLowerCase()) && (!opts.subject || opts.subject.test(m.subject)))
        .at(-1);
      if (!mail) throw new Error(`no mail to ${address}${opts.subject ? ` with a subject like ${opts.subject}` : ''} in ${mailUrl()}`);
      return mail;
    },
    { timeout: opts.timeoutMs ?? 30_000, interval: 250 },
  );
}

/**
 * The one link in the mail's plain-text part whose path matches `path`, after
 * checking the HTML part's button leads to the same place (a reader clicks
 * either).
 */
export function linkIn(mail: CaughtMail, path: RegExp): string {
  const links = [...mail.text.matchAll(/https?:\/\/\S+/g)].map((m) => m[0]).filter((url) => path.test(new URL(url).pathname));
  if (links.length !== 1) throw new Error(`expected one link to ${path} in "${mail.subject}", found ${links.length}:\n${mail.text}`);
  const link = links[0]!;
  const href = link.replaceAll('&', '&amp;');
  if (!mail.html.includes(`href="${link}"`) && !mail.html.includes(`href="${href}"`)) {
    throw new Error(`the HTML part of "${mail.subject}" has no button to ${link}`);
  }
  return link;
}
