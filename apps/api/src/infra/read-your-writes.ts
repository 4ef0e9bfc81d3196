import { type ReadReplica, withReadYourWrites } from '@portal/db';
import type { FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';

// How long a user's last write position is kept: far past any healthy replica's lag, after which a read
// no longer waits for it. A replica that lags longer is an incident (the lag is alerted on), not a design case.
const WRITE_POSITION_TTL_MS = 120_000;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

// Keeps the later of the stored and the given WAL position ("hi/lo" in hex, each part below 2^32, exact
// in Lua's numbers), so two writes answering out of order never move a user's floor back.
const KEEP_LATER = `
local function parse(lsn)
  local hi, lo = string.match(lsn, '^(%x+)/(%x+)$')
  return tonumber(hi, 16), tonumber(lo, 16)
end
local cur = redis.call('GET', KEYS[1])
if cur then
  local ch, cl = parse(cur)
  local nh, nl = parse(ARGV[1])
  if ch and nh and (ch > nh or (ch == nh and cl > nl)) then
    redis.call('PEXPIRE', KEYS[1], ARGV[2])
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1`;

const keyOf = (userId: string) => `ryw:${userId}`;

/**
 * Read-your-writes for a signed-in user when reads go to a replica
 * (DATABASE_READ_URL). After a successful state-changing request of a
 * session, before its answer leaves (`onSend`: the handler's transaction has
 * committed, and the client cannot ask again before the position is stored),
 * the primary's WAL position is stored for the user in Redis; each request of
 * that user then reads it lazily when it makes a routed read, and
 * `ReadReplica` waits for the replica to replay it or asks the primary.
 * Keyed by user, not session: the same person in a second tab sees their
 * write too. API-key ingestion and the worker write for no user: their
 * documents show once the replica replays them.
 */
export function registerReadYourWrites(fastify: FastifyInstance, opts: { redis: Redis; replica: ReadReplica }): void {
  const { redis, replica } = opts;
  // Callback style: the rest of the request (the Nest handler included) runs inside `withReadYourWrites`.
  fastify.addHook('preHandler', (req, _reply, done) => {
    const userId = req.user?.user.id;
    if (!userId) {
      done();
      return;
    }
    withReadYourWrites(() => redis.get(keyOf(userId)), done);
  });
  fastify.addHook('onSend', async (req, reply, payload) => {
    const userId = req.user?.user.id;
    if (!userId || !STATE_CHANGING.has(req.method) || reply.statusCode >= 400) return payload;
    try {
      await redis.eval(KEEP_LATER, 1, keyOf(userId), await replica.primaryPosition(), WRITE_POSITION_TTL_MS);
    } catch (err) {
      // The write stands; the user may see the replica's older state until it replays the write.
      req.log.warn({ err }, 'could not record the write position for read-your-writes');
    }
    return payload;
  });
}
