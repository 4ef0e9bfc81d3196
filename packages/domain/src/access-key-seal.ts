/**
 * How an integration's source credential (a DMS AccessKey) is stored: sealed
 * with AES-256-GCM (packages/crypto's SecretBox) with the integration's id as
 * associated data, so a ciphertext copied onto another integration's row
 * does not open. The API seals and opens, the worker opens, key rotation
 * re-seals: all through these three functions.
 */
export interface SealingBox {
  encrypt(plain: string, associatedData: string): string;
  decrypt(envelope: string, associatedData: string): string;
  reencrypt(envelope: string, associatedData: string): string;
}

export function sealAccessKey(box: SealingBox, accessKey: string, integrationId: string): string {
  return box.encrypt(accessKey, integrationId);
}

export function openAccessKey(box: SealingBox, sealed: string, integrationId: string): string {
  return box.decrypt(sealed, integrationId);
}

/** The same key sealed under the box's current encryption key (rotation). */
export function resealAccessKey(box: SealingBox, sealed: string, integrationId: string): string {
  return box.reencrypt(sealed, integrationId);
}
