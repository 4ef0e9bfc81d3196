import { ConnectorError } from '@portal/connectors';
import { describe, expect, it } from 'vitest';
import { credentialsRejected, failureOf, wrapFailure } from './sync-failure';

describe('failureOf: what a run records for a connector failure', () => {
  it('gives each kind of source failure its source-neutral code, naming the source', () => {
    const cases: [ConnectorError, ReturnType<typeof failureOf>][] = [
      [
        new ConnectorError('DMS', { kind: 'credentials-rejected' }, 'AccessKey rejected'),
        { code: 'CREDENTIALS_REJECTED', params: { source: 'DMS' }, detail: 'AccessKey rejected' },
      ],
      [
        new ConnectorError('DMS', { kind: 'unavailable', status: 503 }, 'DMS answered 503'),
        { code: 'SOURCE_UNAVAILABLE', params: { source: 'DMS', status: 503 }, detail: 'DMS answered 503' },
      ],
      [
        new ConnectorError('DMS', { kind: 'unavailable' }, 'DMS is unreachable'),
        { code: 'SOURCE_UNAVAILABLE', params: { source: 'DMS' }, detail: 'DMS is unreachable' },
      ],
      [
        new ConnectorError('DMS', { kind: 'rate-limited', retryAfterMs: 2000 }, 'DMS rate limit (429)'),
        { code: 'SOURCE_RATE_LIMITED', params: { source: 'DMS' }, detail: 'DMS rate limit (429)' },
      ],
      [
        new ConnectorError('DMS', { kind: 'malformed' }, 'not the contract'),
        { code: 'SOURCE_MALFORMED', params: { source: 'DMS' }, detail: 'not the contract' },
      ],
    ];
    for (const [err, expected] of cases) expect(failureOf(err)).toEqual(expected);
  });

  it("keeps SAP's own code, message and transaction id in the params and the English detail", () => {
    const sourceError = { code: '/IWBEP/CM_MGW_RT/020', message: 'Resource not found for segment', transactionId: '0123456789ABCDEF0123456789ABCDEF' };
    const failure = failureOf(new ConnectorError('SAP', { kind: 'unavailable', status: 500 }, 'SAP answered 500 on A_SalesOrder', { sourceError }));
    expect(failure).toEqual({
      code: 'SOURCE_UNAVAILABLE',
      params: { source: 'SAP', status: 500, sapCode: sourceError.code, sapMessage: sourceError.message, sapTransactionId: sourceError.transactionId },
      detail: `SAP answered 500 on A_SalesOrder (SAP: code ${sourceError.code}; ${sourceError.message}; transaction ${sourceError.transactionId})`,
    });
  });

  it("does not repeat what the connector's message already says, and leaves out what SAP did not send", () => {
    const sourceError = { code: 'SY/530', message: 'Property Foo not found', transactionId: null };
    const failure = failureOf(new ConnectorError('SAP', { kind: 'malformed' }, 'SAP refused the query: Property Foo not found', { sourceError }));
    expect(failure.params).toEqual({ source: 'SAP', sapCode: 'SY/530', sapMessage: 'Property Foo not found' });
    expect(failure.detail).toBe('SAP refused the query: Property Foo not found (SAP: code SY/530)');
  });

  it("parks an integration whose credentials were rejected with its kind's reason", () => {
    expect(credentialsRejected('DMS')).toEqual({ code: 'CREDENTIALS_REJECTED', params: { source: 'DMS' }, detail: 'AccessKey rejected' });
    expect(credentialsRejected('SAP')).toEqual({ code: 'CREDENTIALS_REJECTED', params: { source: 'SAP' }, detail: 'SAP credentials rejected' });
  });

  it('anything else is UNKNOWN with its message as the detail', () => {
    expect(failureOf(new Error('connection terminated'))).toEqual({ code: 'UNKNOWN', detail: 'connection terminated' });
  });

  it('a give-up keeps the inner code as cause, with the source and status alongside', () => {
    const inner = failureOf(new ConnectorError('DMS', { kind: 'unavailable', status: 503 }, 'DMS answered 503'));
    expect(wrapFailure('RETRIES_EXHAUSTED', inner, { attempts: 5 }, 'gave up').params).toEqual({
      cause: 'SOURCE_UNAVAILABLE',
      source: 'DMS',
      status: 503,
      attempts: 5,
    });
  });
});
