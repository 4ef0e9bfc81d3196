import { Webhook as StandardWebhook } from 'standardwebhooks';
import { Webhook as SvixWebhook } from 'svix';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { deliveryHeaders, signatureHeader } from './webhook-signature';

// The published test vectors (docs/research/webhooks.md): the spec repository's and Svix's manual-verification page.
const VECTORS = [
  {
    source: 'standard-webhooks spec repository',
    secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
    timestamp: 1614265330,
    body: '{"test": 2432232314}',
    signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
  },
  {
    source: 'Svix how-manual.mdx',
    secret: 'whsec_plJ3nmyCDGBKInavdOK15jsl',
    id: 'msg_loFOjxBNrRLzqYUf',
    timestamp: 1731705121,
    body: '{"event_type":"ping","data":{"success":true}}',
    signature: 'v1,rAvfW3dJ/X/qxhsaXPOyyCGmRKsaKWcsNccKXlIktD0=',
  },
] as const;

const OTHER_SECRET = 'whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD';

/** Both independent verifiers must accept (or both refuse) what a receiver is given. */
function verifiers(secret: string) {
  return [new SvixWebhook(secret), new StandardWebhook(secret)];
}

function headersFor(v: (typeof VECTORS)[number], secrets: readonly string[] = [v.secret]) {
  return deliveryHeaders({ secrets, messageId: v.id, at: new Date(v.timestamp * 1000), body: v.body, attempt: 1 });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('webhook signatures (Standard Webhooks v1)', () => {
  for (const v of VECTORS) {
    it(`reproduces the published vector of the ${v.source}, and svix verifies it`, () => {
      vi.useFakeTimers({ now: v.timestamp * 1000 });
      const headers = headersFor(v);
      expect(headers['webhook-signature']).toBe(v.signature);
      expect(headers['webhook-id']).toBe(v.id);
      expect(headers['webhook-timestamp']).toBe(String(v.timestamp));
      for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, headers)).not.toThrow();
    });
  }

  const v = VECTORS[0];

  it('is refused with the wrong secret, a body changed by one space, or a timestamp 301 s off either way', () => {
    vi.useFakeTimers({ now: v.timestamp * 1000 });
    const headers = headersFor(v);
    for (const w of verifiers(OTHER_SECRET)) expect(() => w.verify(v.body, headers)).toThrow(/No matching signature/);
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body.replace(': ', ':  '), headers)).toThrow(/No matching signature/);

    vi.setSystemTime((v.timestamp + 301) * 1000);
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, headers)).toThrow(/too old/);
    vi.setSystemTime((v.timestamp - 301) * 1000);
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, headers)).toThrow(/too new/);
    vi.setSystemTime((v.timestamp + 299) * 1000);
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, headers)).not.toThrow();
  });

  it('is refused when any of the three headers is missing', () => {
    vi.useFakeTimers({ now: v.timestamp * 1000 });
    for (const name of ['webhook-id', 'webhook-timestamp', 'webhook-signature'] as const) {
      const { [name]: _dropped, ...rest } = headersFor(v);
      for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, rest), name).toThrow();
    }
  });

  it('a v2 entry is ignored, and one valid signature among several is enough', () => {
    vi.useFakeTimers({ now: v.timestamp * 1000 });
    const valid = headersFor(v);
    const base64 = valid['webhook-signature'].split(',')[1]!;
    // The right bytes under another version do not count.
    const onlyV2 = { ...valid, 'webhook-signature': `v2,${base64}` };
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, onlyV2)).toThrow(/No matching signature/);
    const mixed = { ...valid, 'webhook-signature': `v2,${base64} v1,bm90IHRoZSBzaWduYXR1cmU= ${valid['webhook-signature']}` };
    for (const w of verifiers(v.secret)) expect(() => w.verify(v.body, mixed)).not.toThrow();
  });

  it('during a rotation carries one signature per secret: a receiver holding either one verifies', () => {
    vi.useFakeTimers({ now: v.timestamp * 1000 });
    const headers = headersFor(v, [OTHER_SECRET, v.secret]);
    expect(headers['webhook-signature'].split(' ')).toEqual([signatureHeader([OTHER_SECRET], v.id, new Date(v.timestamp * 1000), v.body), v.signature]);
    for (const secret of [OTHER_SECRET, v.secret]) for (const w of verifiers(secret)) expect(() => w.verify(v.body, headers)).not.toThrow();
    for (const w of verifiers('whsec_dGhpcmQtc2VjcmV0LW5vYm9keS1ob2xkcy0=')) expect(() => w.verify(v.body, headers)).toThrow();
  });

  it('names the sender and the attempt, unsigned, and sends JSON', () => {
    const headers = deliveryHeaders({ secrets: [v.secret], messageId: v.id, at: new Date(1_700_000_000_500), body: v.body, attempt: 3 });
    expect(headers).toMatchObject({
      'content-type': 'application/json',
      'user-agent': 'portal-webhooks/1',
      'webhook-attempt': '3',
      'webhook-timestamp': '1700000000',
    });
  });
});
