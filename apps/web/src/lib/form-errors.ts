import type { TFunction } from 'i18next';
import type { core } from 'zod';
import { ApiError } from './api-client';

/**
 * One message per form field, in the user's language, for the issues a zod
 * contract found: zod's own messages are English ("Too small: expected
 * string to have >=8 characters") and would leak into the Indonesian UI.
 */
export function issueMessages(issues: readonly core.$ZodIssue[], form: Record<string, unknown>, t: TFunction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? '');
    out[name] ??= message(issue, form[name], t);
  }
  return out;
}

function message(issue: core.$ZodIssue, value: unknown, t: TFunction): string {
  if (value === undefined || (typeof value === 'string' && value.trim() === '')) return t('validation.required');
  switch (issue.code) {
    case 'too_small':
      return t('validation.tooShort', { min: Number(issue.minimum) });
    case 'too_big':
      return t('validation.tooLong', { max: Number(issue.maximum) });
    case 'invalid_format':
      return issue.format === 'email' ? t('validation.email') : t('errors.VALIDATION_FAILED');
    default:
      return t('errors.VALIDATION_FAILED');
  }
}

/**
 * One message per field the API refused (a 400's details), in the user's
 * language. The details carry only zod's issue code and its English text,
 * not the limits, so the message is the general one for that kind of issue.
 */
export function serverFieldMessages(err: unknown, t: TFunction): Record<string, string> {
  if (!(err instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const [name, code] of Object.entries(err.fieldIssues())) {
    out[name] =
      code === 'invalid_type'
        ? t('validation.required')
        : code === 'invalid_format' && name === 'email'
          ? t('validation.email')
          : t('errors.VALIDATION_FAILED');
  }
  return out;
}
