import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM envelope for secrets at rest (DMS AccessKeys, SAP credentials).
 *
 * Stored form: `v1.<keyId>.<iv b64url>.<tag b64url>.<ciphertext b64url>`.
 * The key id lets several keys be configured at once: encryption always uses
 * the current key, decryption picks the key named in the envelope, so a key
 * can be rotated by adding a new current key and re-encrypting
 * (`SecretBox.reencrypt`) before the old one is removed.
 */
export interface SecretKey {
  id: string;
  key: Buffer;
}

export class SecretBox {
  private readonly keys: Map<string, Buffer>;

  constructor(
    private readonly current: SecretKey,
    previous: SecretKey[] = [],
  ) {
    for (const k of [current, ...previous]) {
      if (k.key.length !== 32) throw new Error(`encryption key "${k.id}" must be 32 bytes (AES-256)`);
      if (!/^[A-Za-z0-9_-]+$/.test(k.id)) throw new Error(`encryption key id "${k.id}" may only use letters, digits, _ and -`);
    }
    this.keys = new Map([current, ...previous].map((k) => [k.id, k.key]));
  }

  /**
   * Parses `ENCRYPTION_KEYS="id1:base64key,id0:base64key"`: the first entry is
   * the current key, the others are kept for decryption only.
   */
  static fromConfig(spec: string): SecretBox {
    const entries = spec
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((entry) => {
        const at = entry.indexOf(':');
        if (at <= 0) throw new Error('ENCRYPTION_KEYS entries must look like "<id>:<base64 32-byte key>"');
        return { id: entry.slice(0, at), key: Buffer.from(entry.slice(at + 1), 'base64') };
      });
    const [current, ...previous] = entries;
    if (!current) throw new Error('ENCRYPTION_KEYS is empty');
    return new SecretBox(current, previous);
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv);
    // Binding the owner (e.g. the integration id) means a ciphertext copied
    // onto another row does not decrypt there.
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', this.current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.');
  }

  decrypt(envelope: string, associatedData = ''): string {
    const parts = envelope.split('.');
    const [version, keyId, iv, tag, body] = parts;
    if (parts.length !== 5 || version !== 'v1' || !keyId || !iv || !tag || body === undefined) {
      throw new Error('not a v1 secret envelope');
    }
    const key = this.keys.get(keyId);
    if (!key) throw new Error(`secret was encrypted with unknown key "${keyId}"`);
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }

  /** The id of the key an envelope was encrypted with (recorded when rotating). */
  static keyIdOf(envelope: string): string {
    return envelope.split('.')[1] ?? '';
  }

  /** True when the envelope is not under the current key (rotation pending). */
  needsRotation(envelope: string): boolean {
    return SecretBox.keyIdOf(envelope) !== this.current.id;
  }

  reencrypt(envelope: string, associatedData = ''): string {
    return this.encrypt(this.decrypt(envelope, associatedData), associatedData);
  }
}
