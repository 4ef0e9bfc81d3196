import type { MailLocale } from '@portal/contracts';

/** The product's name as every email shows it (the SPA's title). */
export const PRODUCT_NAME = 'Portal Distribusi';

/** A job whose data cannot make its email: retrying would not help. */
export class MailDataError extends Error {}

/** What one email says, before layout: rendered to HTML and plain text by `renderMail`. */
export interface MailContent {
  subject: string;
  greeting?: string;
  paragraphs: string[];
  /** The one thing the reader should do: a button in HTML, the bare link in text. */
  action: { label: string; url: string };
  /** Said after the button (e.g. "not you? ignore this"). */
  closing?: string;
}

/**
 * One email in both languages. `keys` are the `data` values it needs (the
 * writer's contract, e.g. `member_invite` → inviteUrl, organizationName,
 * inviterName, role); a job missing one is refused, not half-rendered.
 */
export interface MailTemplateDef<K extends string = string> {
  keys: readonly K[];
  /** Further keys that depend on the data itself (the alert's kind): refused the same way when missing. */
  keysFor?: (data: Record<K, string>) => readonly string[];
  content: Record<MailLocale, (data: Record<K, string>) => MailContent>;
}

export const defineTemplate = <K extends string>(def: MailTemplateDef<K>) => def;
