import { describe, expect, it } from 'vitest';
import { REDACTED, redactSecrets } from './audit-redaction';

describe('redactSecrets', () => {
  it('replaces every secret-named field, at any depth and in arrays, whatever its case or separator', () => {
    const given = {
      name: 'DMS Jakarta',
      password: 'hunter2-password',
      newPassword: 'n3w-password',
      client_secret: 'cs-123',
      accessKey: '446-bebaspakaivalueapapun',
      ACCESS_KEY: 'AK-2',
      apiKey: 'pk_abc.def',
      Authorization: 'Bearer eyJhbGciOi',
      refreshToken: 'rt-1',
      sapConnection: { baseUrl: 'https://sap.example', auth: { user: 'u', password: 'sap-pass', credentials: { x: 1 } } },
      list: [{ secret: 's-1', label: 'kept' }, 'plain', 3, null],
    };
    const out = JSON.stringify(redactSecrets(given));
    for (const secret of [
      'hunter2-password',
      'n3w-password',
      'cs-123',
      '446-bebaspakaivalueapapun',
      'AK-2',
      'pk_abc.def',
      'eyJhbGciOi',
      'rt-1',
      'sap-pass',
      's-1',
    ]) {
      expect(out).not.toContain(secret);
    }
    expect(redactSecrets(given)).toMatchObject({
      name: 'DMS Jakarta',
      password: REDACTED,
      sapConnection: { baseUrl: 'https://sap.example', auth: { user: 'u', password: REDACTED, credentials: REDACTED } },
      list: [{ secret: REDACTED, label: 'kept' }, 'plain', 3, null],
    });
  });

  it('keeps ids, hashes and masked forms that sit beside secrets', () => {
    const given = { apiKeyId: 'k-1', accessKeyMasked: '446-••••', tokenHash: 'ab12', tenantId: 'T1', scanned: 4, from: 'Old', to: 'New' };
    expect(redactSecrets(given)).toEqual(given);
  });

  it('leaves scalars and empty values as they are', () => {
    expect(redactSecrets('text')).toBe('text');
    expect(redactSecrets(5)).toBe(5);
    expect(redactSecrets({})).toEqual({});
    expect(redactSecrets([])).toEqual([]);
  });
});
