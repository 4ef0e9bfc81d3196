import { OutboundAddressRefused, OutboundNetworkError, type OutboundResponse } from '@portal/connectors';
import { describe, expect, it } from 'vitest';
import { judgeAnswer, judgeFailure } from './delivery-verdict';

const answer = (status: number, headers: Record<string, string> = {}, body = ''): OutboundResponse => ({ status, headers, cookies: [], body });

describe('what an attempt’s answer means', () => {
  it('only 2xx delivers; a redirect is a failure (never followed); other answers are retried, honouring Retry-After', () => {
    expect(judgeAnswer(answer(204))).toEqual({ statusCode: 204, responseBody: '', error: null, verdict: { kind: 'delivered' } });
    expect(judgeAnswer(answer(302, { location: 'http://169.254.169.254/' }))).toMatchObject({ error: 'REDIRECT', verdict: { kind: 'retry' } });
    expect(judgeAnswer(answer(503, { 'retry-after': '120' }, 'busy'))).toEqual({
      statusCode: 503,
      responseBody: 'busy',
      error: 'HTTP_503',
      verdict: { kind: 'retry', retryAfter: '120' },
    });
  });

  it('410 disables the endpoint (GONE); the receiver may disable it or abort the message by header', () => {
    expect(judgeAnswer(answer(410)).verdict).toEqual({ kind: 'disable', reason: 'GONE' });
    expect(judgeAnswer(answer(400, { 'webhook-delivery': 'disable' })).verdict).toEqual({ kind: 'disable', reason: 'RECEIVER' });
    expect(judgeAnswer(answer(422, { 'webhook-delivery': 'abort-message' })).verdict).toEqual({ kind: 'abort' });
  });

  it('keeps the first 1 kB of the answer', () => {
    expect(judgeAnswer(answer(500, {}, 'é'.repeat(3000))).responseBody).toHaveLength(1024);
  });

  it('names why no answer came: the guard refused the address, the time ran out, or the connection failed', () => {
    expect(judgeFailure(new OutboundAddressRefused('127.0.0.1', '127.0.0.1'))).toMatchObject({ statusCode: null, error: 'ADDRESS_REFUSED' });
    expect(judgeFailure(new OutboundNetworkError('no answer within 1000 ms', { timedOut: true })).error).toBe('TIMEOUT');
    expect(judgeFailure(new OutboundNetworkError('connect ECONNREFUSED')).error).toBe('CONNECTION_FAILED');
  });
});
