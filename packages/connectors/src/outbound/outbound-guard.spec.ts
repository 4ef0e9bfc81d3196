import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertOutboundUrl, isPublicAddress, OutboundAddressRefused } from './outbound-guard';
import { outboundRequest } from './outbound-request';

const closed = { allowPrivate: false };
const open = { allowPrivate: true };

describe('outbound-address guard', () => {
  it('judges addresses: public unicast only', () => {
    for (const a of ['8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) expect(isPublicAddress(a), a).toBe(true);
    const privateOnes = [
      '127.0.0.1',
      '10.1.2.3',
      '172.16.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '100.64.0.1',
      '0.0.0.0',
      '::1',
      'fe80::1',
      'fd00::1',
      '::ffff:127.0.0.1',
      '::ffff:169.254.169.254',
      '224.0.0.1',
      'not-an-ip',
    ];
    for (const a of privateOnes) expect(isPublicAddress(a), a).toBe(false);
  });

  it('refuses literal private hosts and localhost before any request, unless private addresses are allowed', () => {
    for (const u of [
      'http://127.0.0.1:4020/',
      'http://[::1]/',
      'http://169.254.169.254/latest/meta-data/',
      'https://localhost/',
      'http://10.0.0.5:50000/b1s/v1/',
    ]) {
      expect(() => assertOutboundUrl(new URL(u), closed), u).toThrow(OutboundAddressRefused);
      expect(() => assertOutboundUrl(new URL(u), open), u).not.toThrow();
    }
    expect(() => assertOutboundUrl(new URL('https://my-sap.example.com/'), closed)).not.toThrow();
  });

  describe('requests', () => {
    let server: Server;
    let port = 0;
    const hits: string[] = [];
    beforeAll(async () => {
      server = createServer((req, res) => {
        hits.push(req.url ?? '');
        if (req.url === '/huge') {
          // An endless answer: only what the caller keeps is ever read.
          res.writeHead(500, { 'content-type': 'text/plain' });
          const chunk = 'x'.repeat(64 * 1024);
          const pump = () => {
            while (res.write(chunk));
          };
          res.on('drain', pump);
          res.on('close', () => res.off('drain', pump));
          pump();
          return;
        }
        if (req.url === '/slow') {
          setTimeout(() => res.writeHead(200).end('late'), 1_000).unref();
          return;
        }
        if (req.url === '/redirect') {
          res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end();
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it('reaches a local server only when private addresses are allowed, and never follows a redirect', async () => {
      const ok = await outboundRequest(new URL(`http://127.0.0.1:${port}/x`), { timeoutMs: 2000, policy: open });
      expect(ok).toMatchObject({ status: 200, body: '{"ok":true}' });
      const redirect = await outboundRequest(new URL(`http://127.0.0.1:${port}/redirect`), { timeoutMs: 2000, policy: open });
      expect(redirect.status).toBe(302);
      expect(hits).toEqual(['/x', '/redirect']);
      await expect(outboundRequest(new URL(`http://127.0.0.1:${port}/y`), { timeoutMs: 2000, policy: closed })).rejects.toThrow(OutboundAddressRefused);
      expect(hits).toEqual(['/x', '/redirect']);
    });

    it('keeps only the first bytes of an endless answer when asked, and says when no answer came in time', async () => {
      const huge = await outboundRequest(new URL(`http://127.0.0.1:${port}/huge`), { timeoutMs: 2000, policy: open, keepBytes: 1024 });
      expect(huge.status).toBe(500);
      expect(huge.body).toBe('x'.repeat(1024));
      const late = outboundRequest(new URL(`http://127.0.0.1:${port}/slow`), { timeoutMs: 200, policy: open });
      await expect(late).rejects.toMatchObject({ name: 'OutboundNetworkError', timedOut: true });
    });

    it('checks the address a name resolves to at connect time (this machine’s own name is not public)', async () => {
      const name = hostname();
      await expect(outboundRequest(new URL(`http://${name}:${port}/z`), { timeoutMs: 2000, policy: closed })).rejects.toThrow(
        /private, loopback|ENOTFOUND|EAI_AGAIN/,
      );
      expect(hits).not.toContain('/z');
    });
  });
});
