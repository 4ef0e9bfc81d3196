import { loginBody, registerBody } from '@portal/contracts';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import en from '../locales/en.json';
import id from '../locales/id.json';
import { ApiError } from './api-client';
import { issueMessages, serverFieldMessages } from './form-errors';

const i18n = i18next.createInstance();
beforeAll(async () => {
  await i18n.init({
    lng: 'id',
    resources: { id: { translation: id }, en: { translation: en } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
});

const errorsOf = (schema: typeof loginBody | typeof registerBody, form: Record<string, string>) => {
  const parsed = schema.safeParse(form);
  if (parsed.success) return {};
  return issueMessages(parsed.error.issues, form, i18n.t);
};

describe('form field messages in Bahasa Indonesia', () => {
  it('says which field is missing on an empty sign-in', () => {
    expect(errorsOf(loginBody, { email: '', password: '' })).toEqual({ email: 'Wajib diisi.', password: 'Wajib diisi.' });
  });

  it('says what is wrong with what was typed, never zod English', () => {
    const errors = errorsOf(registerBody, {
      email: 'bukan-email',
      password: 'pendek',
      name: 'Andi',
      organizationName: 'PT Maju',
      organizationKind: 'PRINCIPAL',
    });
    expect(errors.email).toBe('Format email tidak valid, contoh nama@perusahaan.co.id.');
    expect(errors.password).toMatch(/^Minimal \d+ karakter\.$/);
    for (const text of Object.values(errors)) expect(text).not.toMatch(/expected|Too small|Invalid/);
  });
});

describe('fields the API refused (400 details)', () => {
  const refused = new ApiError(400, 'VALIDATION_FAILED', 'Invalid request body', [
    { path: 'body.email', code: 'invalid_format', message: 'Invalid email address' },
    { path: 'body.password', code: 'too_small', message: 'Too small: expected string to have >=8 characters' },
    { path: 'body.name', code: 'invalid_type', message: 'Invalid input: expected string, received undefined' },
  ]);

  it('are shown in the user language, never with zod English', () => {
    expect(serverFieldMessages(refused, i18n.getFixedT('id'))).toEqual({
      email: 'Format email tidak valid, contoh nama@perusahaan.co.id.',
      password: 'Periksa kembali isian Anda.',
      name: 'Wajib diisi.',
    });
    const english = serverFieldMessages(refused, i18n.getFixedT('en'));
    expect(english.password).toBe('Please check what you entered.');
    for (const text of Object.values(english)) expect(text).not.toMatch(/expected|Too small|Invalid/);
  });

  it('are none for anything but an API error', () => {
    expect(serverFieldMessages(new Error('boom'), i18n.t)).toEqual({});
    expect(serverFieldMessages(null, i18n.t)).toEqual({});
  });
});
