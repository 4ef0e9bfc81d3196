import { ConnectorError } from '@portal/connectors';
import { describe, expect, it } from 'vitest';
import { failureOf, wrapFailure } from './sync-failure';

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
