import type { SealingBox } from './integration-secret-seal';

/**
 * How an invite's token is kept so its principal can copy the link again
 * (issue 15): sealed like an AccessKey, with the invite's id as associated
 * data, so a ciphertext copied onto another invite's row does not open. The
 * prefix keeps an invite's envelope from ever opening as an integration's.
 *
 * Invites live for days, so key rotation leaves these alone: one sealed
 * under a key no longer configured simply cannot be opened, and its link is
 * then unavailable like the links of invites made before tokens were kept.
 */
const associatedData = (inviteId: string) => `invite:${inviteId}`;

export function sealInviteToken(box: SealingBox, token: string, inviteId: string): string {
  return box.encrypt(token, associatedData(inviteId));
}

/** The token, or null when the envelope does not open (another invite's, or a retired key's). */
export function openInviteToken(box: SealingBox, sealed: string, inviteId: string): string | null {
  try {
    return box.decrypt(sealed, associatedData(inviteId));
  } catch {
    return null;
  }
}
