/**
 * How an integration's source credential is stored: a DMS AccessKey, or an
 * SAP integration's whole connection as JSON (URL, client, credentials).
 * Sealed with AES-256-GCM (packages/crypto's SecretBox) with the
 * integration's id as associated data, so a ciphertext copied onto another
 * integration's row does not open. The API seals and opens, the worker
 * opens, key rotation re-seals: all through these three functions.
 */
export interface SealingBox {
  encrypt(plain: string, associatedData: string): string;
  decrypt(envelope: string, associatedData: string): string;
  reencrypt(envelope: string, associatedData: string): string;
}

export function sealIntegrationSecret(box: SealingBox, secret: string, integrationId: string): string {
  return box.encrypt(secret, integrationId);
}

export function openIntegrationSecret(box: SealingBox, sealed: string, integrationId: string): string {
  return box.decrypt(sealed, integrationId);
}

/** The same secret sealed under the box's current encryption key (rotation). */
export function resealIntegrationSecret(box: SealingBox, sealed: string, integrationId: string): string {
  return box.reencrypt(sealed, integrationId);
}
