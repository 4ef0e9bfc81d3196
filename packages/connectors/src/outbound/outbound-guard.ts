import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import ipaddr from 'ipaddr.js';

/**
 * The outbound-address guard (SPEC 5b): every URL a user gives the server to
 * fetch (SAP base and token URLs, webhook URLs) may only reach public
 * addresses unless `allowPrivate` (OUTBOUND_ALLOW_PRIVATE) is set. The check
 * runs on the addresses the connection is actually made to (a lookup hook),
 * so a name that resolves differently the second time (DNS rebinding) cannot
 * slip past it; redirects are never followed by the clients that use it.
 */
export interface OutboundPolicy {
  allowPrivate: boolean;
}

// ipaddr.js ranges that are never the public internet: loopback, RFC 1918, link-local
// (169.254.169.254 is every cloud's metadata address), carrier-grade NAT, unique-local, …
const PUBLIC_RANGES = new Set(['unicast']);

/** True when the address is on the public internet (IPv4-mapped IPv6 judged as the IPv4 it carries). */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return PUBLIC_RANGES.has(parsed.range());
}

/** Why a URL may not be fetched: thrown before any byte is sent. */
export class OutboundAddressRefused extends Error {
  override readonly name = 'OutboundAddressRefused';
  constructor(
    readonly host: string,
    readonly address: string,
  ) {
    super(`${host} resolves to ${address}, a private, loopback or link-local address the server does not fetch`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * A `lookup` for `http.request`/`net.connect` that refuses non-public
 * addresses under the policy. Node calls it for every connection, so the
 * address checked is the address used.
 */
export function guardedLookup(policy: OutboundPolicy) {
  return (hostname: string, options: { all?: boolean; family?: number }, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, options.all ? [] : '');
      const list = addresses;
      if (!policy.allowPrivate) {
        const refused = list.find((a) => !isPublicAddress(a.address));
        if (refused) return callback(new OutboundAddressRefused(hostname, refused.address) as unknown as NodeJS.ErrnoException, options.all ? [] : '');
      }
      if (options.all) return callback(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '');
      callback(null, first.address, first.family);
    });
  };
}

/**
 * Checks a URL before a request is built: literal IP hosts are judged here
 * (Node skips `lookup` for them), names when the connection resolves them.
 */
export function assertOutboundUrl(url: URL, policy: OutboundPolicy): void {
  if (policy.allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !isPublicAddress(host)) throw new OutboundAddressRefused(host, host);
  if (host === 'localhost' || host.endsWith('.localhost')) throw new OutboundAddressRefused(host, '127.0.0.1');
}
