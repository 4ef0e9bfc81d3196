import { SecretBox } from '@portal/crypto';
import { describe, expect, it } from 'vitest';
import { sealIntegrationSecret } from './integration-secret-seal';
import { openInviteToken, sealInviteToken } from './invite-token-seal';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');

describe('invite token sealing', () => {
  it('opens only on the invite it was sealed for', () => {
    const box = SecretBox.fromConfig(`k1:${k1}`);
    const sealed = sealInviteToken(box, 'token-abc', 'invite-a');
    expect(sealed).not.toContain('token-abc');
    expect(openInviteToken(box, sealed, 'invite-a')).toBe('token-abc');
    expect(openInviteToken(box, sealed, 'invite-b')).toBeNull();
  });

  it('never opens an AccessKey sealed for an integration with the same id', () => {
    const box = SecretBox.fromConfig(`k1:${k1}`);
    expect(openInviteToken(box, sealIntegrationSecret(box, '446-secret', 'same-id'), 'same-id')).toBeNull();
  });

  it('gives null for a token sealed under a key that is no longer configured', () => {
    const sealed = sealInviteToken(SecretBox.fromConfig(`k1:${k1}`), 'token-abc', 'invite-a');
    expect(openInviteToken(SecretBox.fromConfig(`k2:${k2}`), sealed, 'invite-a')).toBeNull();
  });
});
