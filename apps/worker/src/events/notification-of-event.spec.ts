import { randomUUID } from 'node:crypto';
import type { EventData } from '@portal/contracts';
import { buildEvent } from '@portal/domain';
import { describe, expect, it } from 'vitest';
import { endpointDisabledNotification, notificationOf } from './notification-of-event';

const AT = new Date('2026-12-06T08:00:00Z');
const ORG = randomUUID();
const INTEGRATION = randomUUID();

const failed = (final: boolean): EventData<'sync_run.failed'> => ({
  runId: randomUUID(),
  integrationId: INTEGRATION,
  integrationName: 'DMS Gudang Timur',
  integrationKind: 'DMS',
  documentType: 'SALES_INVOICE',
  trigger: 'SCHEDULED',
  status: 'FAILED',
  startedAt: AT.toISOString(),
  finishedAt: AT.toISOString(),
  counts: { read: 0, upserted: 0, quarantined: 0 },
  error: { code: 'CREDENTIALS_REJECTED', message: 'AccessKey rejected' },
  final,
  nextAttemptAt: final ? null : AT.toISOString(),
});

const stateChanged = (previousState: 'ACTIVE' | 'ERROR', state: 'ERROR' | 'ACTIVE' | 'DISABLED'): EventData<'integration.state_changed'> => ({
  integrationId: INTEGRATION,
  integrationName: 'SAP Pusat',
  integrationKind: 'SAP',
  previousState,
  state,
  reasonCode: state === 'ERROR' ? 'CREDENTIALS_REJECTED' : null,
  reason: state === 'ERROR' ? 'SAP credentials rejected' : null,
  changedBy: 'system',
});

describe('which events notify people, and of what (docs/product/events.md, Alerts)', () => {
  it('a sync run that failed after its last retry: sync_failed, linking to the integration', () => {
    expect(notificationOf(buildEvent('sync_run.failed', ORG, failed(true), AT))).toEqual({
      kind: 'sync_failed',
      params: {
        integrationName: 'DMS Gudang Timur',
        integrationKind: 'DMS',
        documentType: 'SALES_INVOICE',
        errorCode: 'CREDENTIALS_REJECTED',
        error: 'AccessKey rejected',
      },
      link: `/integrations/${INTEGRATION}`,
    });
  });

  it('a failed run with retries left tells nobody', () => {
    expect(notificationOf(buildEvent('sync_run.failed', ORG, failed(false), AT))).toBeNull();
  });

  it('an integration moving into ERROR: integration_error; other moves nothing', () => {
    expect(notificationOf(buildEvent('integration.state_changed', ORG, stateChanged('ACTIVE', 'ERROR'), AT))).toEqual({
      kind: 'integration_error',
      params: { integrationName: 'SAP Pusat', integrationKind: 'SAP', reasonCode: 'CREDENTIALS_REJECTED', reason: 'SAP credentials rejected' },
      link: `/integrations/${INTEGRATION}`,
    });
    expect(notificationOf(buildEvent('integration.state_changed', ORG, stateChanged('ERROR', 'ACTIVE'), AT))).toBeNull();
    expect(notificationOf(buildEvent('integration.state_changed', ORG, stateChanged('ACTIVE', 'DISABLED'), AT))).toBeNull();
  });

  it('connection changes name the other side and link to where each side sees its connections', () => {
    const principalId = randomUUID();
    const distributorId = randomUUID();
    const data = {
      connectionId: randomUUID(),
      principalId,
      principalName: 'PT Nusantara Foods',
      distributorId,
      distributorName: 'CV Sumber Rejeki',
      at: AT.toISOString(),
    };
    const toPrincipal = notificationOf(buildEvent('connection.accepted', principalId, { ...data, documentTypes: ['SALES_INVOICE'] }, AT));
    expect(toPrincipal).toMatchObject({ kind: 'connection_accepted', params: { partnerName: 'CV Sumber Rejeki' }, link: '/connections' });
    expect(notificationOf(buildEvent('connection.declined', principalId, data, AT))).toMatchObject({ kind: 'connection_declined', link: '/connections' });
    const toDistributor = notificationOf(buildEvent('connection.revoked', distributorId, { ...data, revokedById: randomUUID() }, AT));
    expect(toDistributor).toMatchObject({ kind: 'connection_revoked', params: { partnerName: 'PT Nusantara Foods' }, link: '/integrations' });
    const requested = notificationOf(
      buildEvent('connection.requested', principalId, { inviteId: randomUUID(), expiresAt: AT.toISOString(), requestedBy: null }, AT),
    );
    expect(requested).toEqual({ kind: 'connection_requested', params: { expiresAt: AT.toISOString() }, link: '/connections' });
  });

  it('finished runs, new documents and test pings tell nobody', () => {
    const { error: _e, final: _f, nextAttemptAt: _n, ...finished } = failed(true);
    expect(notificationOf(buildEvent('sync_run.finished', ORG, { ...finished, status: 'SUCCEEDED' }, AT))).toBeNull();
    const docs = {
      distributorId: ORG,
      distributorName: 'CV Sumber Rejeki',
      integrationId: INTEGRATION,
      runId: null,
      documentTypes: ['SALES_INVOICE' as const],
      count: 3,
      from: AT.toISOString(),
      to: AT.toISOString(),
      link: '/api/documents',
    };
    expect(notificationOf(buildEvent('documents.updated', ORG, docs, AT))).toBeNull();
    expect(notificationOf(buildEvent('webhook_endpoint.test', ORG, { ping: true, endpointId: randomUUID() }, AT))).toBeNull();
  });

  it('a disabled webhook endpoint: webhook_endpoint_disabled, linking to the endpoint', () => {
    const endpointId = randomUUID();
    expect(endpointDisabledNotification({ endpointId, url: 'https://hooks.example/x', reason: 'GONE' })).toEqual({
      kind: 'webhook_endpoint_disabled',
      params: { url: 'https://hooks.example/x', reason: 'GONE' },
      link: `/webhooks/${endpointId}`,
    });
  });
});
