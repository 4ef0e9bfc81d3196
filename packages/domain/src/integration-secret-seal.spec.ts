import { SecretBox } from '@portal/crypto';
import { describe, expect, it } from 'vitest';
import { openIntegrationSecret, resealIntegrationSecret, sealIntegrationSecret } from './integration-secret-seal';

const k1 = Buffer.alloc(32, 1).toString('base64');
const k2 = Buffer.alloc(32, 2).toString('base64');

describe('integration secret sealing', () => {
  it('opens only on the integration it was sealed for', () => {
    const box = SecretBox.fromConfig(`k1:${k1}`);
    const sealed = sealIntegrationSecret(box, '446-secret', 'integration-a');
    expect(sealed).not.toContain('446-secret');
    expect(openIntegrationSecret(box, sealed, 'integration-a')).toBe('446-secret');
    expect(() => openIntegrationSecret(box, sealed, 'integration-b')).toThrow();
  });

  it('re-seals under the current key and still opens on the same integration', () => {
    const sealed = sealIntegrationSecret(SecretBox.fromConfig(`k1:${k1}`), '446-secret', 'integration-a');
    const box = SecretBox.fromConfig(`k2:${k2},k1:${k1}`);
    const resealed = resealIntegrationSecret(box, sealed, 'integration-a');
    expect(SecretBox.keyIdOf(resealed)).toBe('k2');
    expect(openIntegrationSecret(SecretBox.fromConfig(`k2:${k2}`), resealed, 'integration-a')).toBe('446-secret');
  });
});
