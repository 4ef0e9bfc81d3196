import { describe, expect, it } from 'vitest';
import { AWAITING_KEY_POLL_MS, liveRefetchInterval, SYNCING_POLL_MS, WEBHOOK_PENDING_POLL_MS } from './live-refresh';

const dms = (state: 'AWAITING_ACCESS_KEY' | 'ACTIVE' | 'ERROR' | 'DISABLED', lastSyncAt: string | null = null) => ({ kind: 'DMS' as const, state, lastSyncAt });
const SYNCED = '2026-11-30T08:00:00.000Z';

describe('live state: how often a screen refetches', () => {
  it('polls quickly while a run is queued or running, whatever the integrations', () => {
    expect(liveRefetchInterval({ runs: [{ status: 'SUCCEEDED' }, { status: 'QUEUED' }] })).toBe(SYNCING_POLL_MS);
    expect(liveRefetchInterval({ runs: [{ status: 'RUNNING' }], integrations: [dms('ACTIVE', SYNCED)] })).toBe(SYNCING_POLL_MS);
  });

  it('polls quickly for a DMS that is active but has not finished its first sync', () => {
    expect(liveRefetchInterval({ integrations: [dms('ACTIVE')] })).toBe(SYNCING_POLL_MS);
  });

  it('polls calmly while an AccessKey is awaited from the platform admin', () => {
    expect(liveRefetchInterval({ integrations: [dms('AWAITING_ACCESS_KEY'), undefined] })).toBe(AWAITING_KEY_POLL_MS);
    expect(AWAITING_KEY_POLL_MS).toBeGreaterThan(SYNCING_POLL_MS);
  });

  it('polls while a webhook message shown is still on its way, and stops once every one succeeded or failed', () => {
    expect(liveRefetchInterval({ webhookMessages: [{ status: 'SUCCEEDED' }, { status: 'PENDING' }] })).toBe(WEBHOOK_PENDING_POLL_MS);
    expect(liveRefetchInterval({ webhookMessages: [{ status: 'SUCCEEDED' }, { status: 'FAILED' }] })).toBe(false);
  });

  it('stops once everything shown has settled', () => {
    expect(liveRefetchInterval({})).toBe(false);
    expect(
      liveRefetchInterval({
        integrations: [dms('ACTIVE', SYNCED), dms('ERROR', SYNCED), dms('DISABLED'), { kind: 'EXTERNAL', state: 'ACTIVE', lastSyncAt: null }],
        runs: [{ status: 'SUCCEEDED' }, { status: 'FAILED' }, { status: 'PARTIAL' }],
      }),
    ).toBe(false);
  });
});
