import { auditAction, auditActorType, EVENT_TYPES, errorCode, webhookDisabledReason, webhookMessageStatus } from '@portal/contracts';
import { describe, expect, it } from 'vitest';
import en from './en.json';
import id from './id.json';

/** Every key path with a string value ("errors.NOT_FOUND", …). */
function keys(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
}

describe('locales', () => {
  it('Bahasa Indonesia and English have the same keys', () => {
    expect(keys(id).sort()).toEqual(keys(en).sort());
  });

  it('every API error code has a message in both languages', () => {
    for (const code of errorCode.options) {
      expect(id.errors[code], `id errors.${code}`).toBeTruthy();
      expect(en.errors[code], `en errors.${code}`).toBeTruthy();
    }
  });

  it('the AccessKey screen says in each language what went wrong: wrong key, DMS down, second DMS, bad format', () => {
    const shown = (code: 'ACCESS_KEY_REJECTED' | 'DMS_UNREACHABLE' | 'DMS_INTEGRATION_EXISTS' | 'ACCESS_KEY_FORMAT') => ({
      id: id.errors[code],
      en: en.errors[code],
    });
    expect(shown('ACCESS_KEY_REJECTED')).toEqual({
      id: 'DMS menolak AccessKey ini. Periksa TenantId dan PRINCIPAL_ACCESS_KEY di pengaturan DMS.',
      en: 'The DMS rejected this AccessKey. Check the TenantId and PRINCIPAL_ACCESS_KEY in the DMS settings.',
    });
    expect(shown('DMS_UNREACHABLE')).toEqual({
      id: 'DMS tidak dapat dihubungi. Tidak ada yang diubah; coba lagi nanti.',
      en: 'The DMS cannot be reached. Nothing was changed; try again later.',
    });
    expect(shown('DMS_INTEGRATION_EXISTS')).toEqual({
      id: 'Distributor ini sudah memiliki integrasi DMS. Hanya satu integrasi DMS yang diperbolehkan.',
      en: 'This distributor already has a DMS integration. Only one DMS integration is allowed.',
    });
    for (const text of Object.values(shown('ACCESS_KEY_FORMAT'))) expect(text).toContain('{TenantId}-{PRINCIPAL_ACCESS_KEY}');
  });

  it('every audit action and actor type has words in both languages, not the raw name', () => {
    const at = (tree: object, path: string) => path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
    for (const action of auditAction.options) {
      for (const [lng, tree] of [
        ['id', id],
        ['en', en],
      ] as const) {
        const text = at(tree, `audit.actions.${action}`);
        expect(typeof text === 'string' && text !== '' && text !== action, `${lng} audit.actions.${action}`).toBe(true);
      }
    }
    for (const type of auditActorType.options) {
      expect(id.audit.actorType[type], `id ${type}`).toBeTruthy();
      expect(en.audit.actorType[type], `en ${type}`).toBeTruthy();
    }
    expect(id.audit.actions.auth.login_failed).not.toBe(en.audit.actions.auth.login_failed);
  });

  it('the Webhooks screen names every event type, why an endpoint was disabled and each message status in both languages', () => {
    const at = (tree: object, path: string) => path.split('.').reduce<unknown>((node, k) => (node as Record<string, unknown> | undefined)?.[k], tree);
    const paths = [
      ...EVENT_TYPES.flatMap((type) => [`webhooks.event.${type}`, `webhooks.eventHelp.${type}`]),
      ...webhookDisabledReason.options.map((r) => `webhooks.disabledReason.${r}`),
      ...webhookMessageStatus.options.map((s) => `webhooks.messageStatus.${s}`),
    ];
    for (const path of paths) {
      for (const [lng, tree] of [
        ['id', id],
        ['en', en],
      ] as const) {
        const text = at(tree, path);
        expect(typeof text === 'string' && text !== '', `${lng} ${path}`).toBe(true);
      }
    }
    expect(id.webhooks.event.documents.updated).not.toBe(en.webhooks.event.documents.updated);
  });
});
