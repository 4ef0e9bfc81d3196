import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('SecretBox', () => {
  it('round-trips a secret and never stores it in clear', () => {
    const box = new SecretBox(key('k1'));
    const env = box.encrypt('446-bebaspakaivalueapapun', 'integration-1');
    expect(env).not.toContain('bebaspakai');
    expect(env.startsWith('v1.k1.')).toBe(true);
    expect(box.decrypt(env, 'integration-1')).toBe('446-bebaspakaivalueapapun');
  });

  it('uses a fresh IV each time', () => {
    const box = new SecretBox(key('k1'));
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
  });

  it('refuses a ciphertext moved to another owner or tampered with', () => {
    const box = new SecretBox(key('k1'));
    const env = box.encrypt('secret', 'integration-1');
    expect(() => box.decrypt(env, 'integration-2')).toThrow();
    const parts = env.split('.');
    const body = Buffer.from(parts[4]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[4] = body.toString('base64url');
    expect(() => box.decrypt(parts.join('.'), 'integration-1')).toThrow();
  });

  it('rotates: old envelopes decrypt with the previous key and re-encrypt under the new one', () => {
    const k1 = key('k1');
    const k2 = key('k2');
    const before = new SecretBox(k1);
    const env = before.encrypt('446-abc', 'x');
    const after = new SecretBox(k2, [k1]);
    expect(after.needsRotation(env)).toBe(true);
    expect(SecretBox.keyIdOf(env)).toBe('k1');
    const rotated = after.reencrypt(env, 'x');
    expect(rotated.startsWith('v1.k2.')).toBe(true);
    expect(after.needsRotation(rotated)).toBe(false);
    // Once the old key is dropped, only rotated envelopes still open.
    const onlyNew = new SecretBox(k2);
    expect(onlyNew.decrypt(rotated, 'x')).toBe('446-abc');
    expect(() => onlyNew.decrypt(env, 'x')).toThrow(/unknown key "k1"/);
  });

  it('parses ENCRYPTION_KEYS and rejects bad keys', () => {
    const spec = `k2:${randomBytes(32).toString('base64')},k1:${randomBytes(32).toString('base64')}`;
    expect(SecretBox.fromConfig(spec).currentKeyId).toBe('k2');
    expect(() => SecretBox.fromConfig(`k1:${randomBytes(16).toString('base64')}`)).toThrow(/32 bytes/);
    expect(() => SecretBox.fromConfig('nocolon')).toThrow(/<id>:/);
  });
});
