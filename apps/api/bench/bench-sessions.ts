import { createPrismaClient } from '@portal/db';
import { encodeSortCursor } from '../src/common/keyset-cursor';
import { BENCH_PASSWORD, distributorEmail, principalEmail, PRINCIPALS } from './bench-seed';
import type { SessionKind, SessionSample } from './bench-endpoints';
import { login, type RunningApi } from './api-process';

export const SESSIONS_PER_KIND = 16;

export interface BenchSession {
  sample: SessionSample;
  cookie: string;
}

/** 16 distributor users and 16 principal sessions (10 principals, the first 6 signed in twice). */
export function sessionUsers(): { kind: SessionKind; email: string }[] {
  return [
    ...Array.from({ length: SESSIONS_PER_KIND }, (_, i) => ({ kind: 'distributor' as const, email: distributorEmail(i + 1) })),
    ...Array.from({ length: SESSIONS_PER_KIND }, (_, i) => ({ kind: 'principal' as const, email: principalEmail((i % PRINCIPALS) + 1) })),
  ];
}

interface ListAnswer {
  data: { id: string; partyCode: string | null; partyName: string | null }[];
  nextCursor: string | null;
  totals: { byDistributor: { id: string }[] };
}

async function getJson<T>(api: RunningApi, cookie: string, path: string): Promise<T> {
  const res = await fetch(`${api.url}${path}`, { headers: { cookie, accept: 'application/json' } });
  if (!res.ok) throw new Error(`GET ${path} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
  return (await res.json()) as T;
}

const unique = <T>(values: T[]) => [...new Set(values)];

const PAGE_SIZE = 50;

/**
 * The cursors the API hands out after pages 1 … `pages` of the default sort
 * (date_desc, 50 a page), read from the database as the owner over the
 * user's visible scope (the connection-scope policy's rule, written out).
 * Following them through the API would cost a principal one full list
 * (seconds each, today) per page; the first is checked against the cursor
 * the API itself answered, so a change of cursor or scope fails loudly.
 */
async function deepCursors(ownerUrl: string, email: string, pages: number): Promise<string[]> {
  const owner = createPrismaClient(ownerUrl, { poolMax: 1 });
  try {
    const rows = await owner.$queryRawUnsafe<{ date: Date; id: string }[]>(
      `with me as (select u.organization_id as org, o.kind from users u join organizations o on o.id = u.organization_id where u.email = $1)
       select d.date, d.id::text as id from documents d, me
        where (me.kind = 'DISTRIBUTOR' and d.organization_id = me.org)
           or (me.kind = 'PRINCIPAL' and exists (
                select 1 from connections c
                 where c.principal_org_id = me.org and c.distributor_org_id = d.organization_id and c.status = 'CONNECTED'
                   and d.type = any (c.document_types)
                   and (cardinality(c.integration_ids) = 0 or d.integration_id = any (c.integration_ids))))
        order by d.date desc, d.id desc
        limit $2`,
      email,
      PAGE_SIZE * pages + 1,
    );
    const cursors: string[] = [];
    // A page has a next cursor only when a row follows it.
    for (let k = 1; k <= pages && rows.length > k * PAGE_SIZE; k++) {
      const last = rows[k * PAGE_SIZE - 1]!;
      cursors.push(encodeSortCursor('date_desc', last.date.toISOString(), last.id));
    }
    return cursors;
  } finally {
    await owner.$disconnect();
  }
}

/**
 * What a user may ask for, read through the API as that user: the first
 * page's documents, parties and (from three of them) products, a principal's
 * connected distributors; and the cursors after `deepPages` pages.
 */
export async function sampleScope(
  api: RunningApi,
  ownerUrl: string,
  cookie: string,
  kind: SessionKind,
  email: string,
  deepPages: number,
): Promise<SessionSample> {
  const first = await getJson<ListAnswer>(api, cookie, '/api/documents');
  const details = await Promise.all(first.data.slice(0, 3).map((d) => getJson<{ lines: { productCode: string }[] }>(api, cookie, `/api/documents/${d.id}`)));
  const cursors = await deepCursors(ownerUrl, email, deepPages);
  if (cursors[0] !== (first.nextCursor ?? undefined)) {
    throw new Error(`${email}: the computed first cursor ${cursors[0]} is not the API's ${first.nextCursor}: has the list's order or scope changed?`);
  }
  return {
    kind,
    email,
    ids: first.data.map((d) => d.id),
    partyCodes: unique(first.data.flatMap((d) => (d.partyCode ? [d.partyCode] : []))).slice(0, 10),
    // "Toko Sentosa Medan 34" → "sentosa medan": two inner words, in another case than stored.
    partyNameParts: unique(first.data.flatMap((d) => (d.partyName ? [d.partyName.split(' ').slice(1, 3).join(' ').toLowerCase()] : []))).slice(0, 10),
    productCodes: unique(details.flatMap((d) => d.lines.map((l) => l.productCode))).slice(0, 10),
    distributorIds: kind === 'principal' ? first.totals.byDistributor.map((d) => d.id) : [],
    cursors,
  };
}

/** Signs every session in; samples each distinct user once (through `samples`, so a second API reuses them). */
export async function openSessions(
  api: RunningApi,
  ownerUrl: string,
  samples: Map<string, SessionSample>,
  deepPages: number,
  log: (line: string) => void,
): Promise<BenchSession[]> {
  const users = sessionUsers();
  const sessions: BenchSession[] = [];
  for (const u of users) sessions.push({ cookie: await login(api, u.email, BENCH_PASSWORD), sample: samples.get(u.email)! });
  const missing = unique(users.filter((u) => !samples.has(u.email)).map((u) => u.email));
  if (missing.length > 0) {
    const t = performance.now();
    log(`sampling ${missing.length} users' scopes through the API (and ${deepPages} keyset cursors each)…`);
    // Two at a time: the machine's two cores, and the same queries the measurement makes.
    const queue = [...missing];
    await Promise.all(
      [0, 1].map(async () => {
        for (let email = queue.shift(); email; email = queue.shift()) {
          const i = users.findIndex((u) => u.email === email);
          samples.set(email, await sampleScope(api, ownerUrl, sessions[i]!.cookie, users[i]!.kind, email, deepPages));
        }
      }),
    );
    log(`  sampled in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  }
  return sessions.map((s, i) => ({ ...s, sample: samples.get(users[i]!.email)! }));
}

/**
 * Signs in again every session the API dropped (GET /api/auth/me answers
 * null), so one run's losses do not turn the next run into 401s; answers
 * how many were dropped.
 */
export async function reviveSessions(api: RunningApi, sessions: BenchSession[]): Promise<number> {
  let dropped = 0;
  for (const s of sessions) {
    if ((await getJson<unknown>(api, s.cookie, '/api/auth/me')) !== null) continue;
    dropped += 1;
    s.cookie = await login(api, s.sample.email, BENCH_PASSWORD);
  }
  return dropped;
}
