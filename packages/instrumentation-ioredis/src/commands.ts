import type { DbOperationSummary } from '@nodeprom/core';

/** How a command's reply answers "was it there": see `countLookups`. */
export const enum LookupKind {
  None = 0,
  /** One lookup: a nil reply is a miss (GET, HGET, BLPOP timing out …). */
  Nil = 1,
  /** One lookup: an integer reply of 0 is a miss (HEXISTS). */
  Count = 2,
  /** One lookup per element of the array reply: nil elements are misses (MGET, HMGET). */
  Elements = 3,
  /** One lookup per key argument: the integer reply is the number of hits (EXISTS k1 k2 …). */
  CountKeys = 4,
}

export interface RedisCommandSummary extends DbOperationSummary {
  readonly lookup: LookupKind;
}

const LOOKUPS: Readonly<Record<string, LookupKind>> = {
  get: LookupKind.Nil,
  getex: LookupKind.Nil,
  getdel: LookupKind.Nil,
  hget: LookupKind.Nil,
  hexists: LookupKind.Count,
  exists: LookupKind.CountKeys,
  mget: LookupKind.Elements,
  hmget: LookupKind.Elements,
  // Blocking pops: a timeout replies nil (or ioredis' blockingTimeout resolves null), which is a miss.
  blpop: LookupKind.Nil,
  brpop: LookupKind.Nil,
  brpoplpush: LookupKind.Nil,
  blmove: LookupKind.Nil,
  blmpop: LookupKind.Nil,
  bzpopmin: LookupKind.Nil,
  bzpopmax: LookupKind.Nil,
  bzmpop: LookupKind.Nil,
};

/** Label value of every command outside the known table (custom module commands, `call('anything')`). */
const OTHER_OPERATION = 'OTHER';

function summary(operation: string, lookup: LookupKind): RedisCommandSummary {
  return Object.freeze({ key: operation, operation, collection: undefined, lookup });
}

const OTHER = summary(OTHER_OPERATION, LookupKind.None);
const byName = new Map<string, RedisCommandSummary>();

/**
 * Fills the command table from ioredis' own list (`@ioredis/commands`, resolved next to the
 * ioredis that was loaded, so the table matches its version). Cold; idempotent.
 */
export function learnCommands(names: readonly string[]): void {
  for (const raw of names) {
    const name = raw.toLowerCase();
    if (byName.has(name) || !/^[a-z][a-z0-9_.|-]*$/.test(name)) continue;
    byName.set(name, summary(name.toUpperCase(), LOOKUPS[name] ?? LookupKind.None));
  }
  // The lookup commands and the transaction commands are always known, even with an odd list.
  for (const name of [...Object.keys(LOOKUPS), 'multi', 'exec', 'discard', 'evalsha', 'eval']) {
    if (!byName.has(name)) byName.set(name, summary(name.toUpperCase(), LOOKUPS[name] ?? LookupKind.None));
  }
}

/** The interned summary of a command name; names outside the table all map to OTHER. */
export function commandSummary(name: unknown): RedisCommandSummary {
  if (typeof name !== 'string') return OTHER;
  const known = byName.get(name);
  if (known !== undefined) return known;
  // ioredis' methods send lower-case names; only `call('GET')`-style names get here.
  return byName.get(name.toLowerCase()) ?? OTHER;
}

/**
 * Hits and misses in a successful raw reply (before ioredis converts it), written into `out` as
 * [hits, misses]. `keys` is the number of arguments, read for EXISTS only.
 */
export function countLookups(kind: LookupKind, reply: unknown, keys: number, out: [number, number]): void {
  let hits = 0;
  let misses = 0;
  switch (kind) {
    case LookupKind.Nil:
      if (reply === null || reply === undefined) misses = 1;
      else hits = 1;
      break;
    case LookupKind.Count:
    case LookupKind.CountKeys: {
      // Integer reply, or a string with the stringNumbers option.
      const found = typeof reply === 'number' ? reply : Number(reply);
      const asked = kind === LookupKind.CountKeys && keys > 0 ? keys : 1;
      hits = Number.isFinite(found) ? Math.max(0, Math.min(found, asked)) : 0;
      misses = asked - hits;
      break;
    }
    case LookupKind.Elements:
      if (Array.isArray(reply)) {
        for (let i = 0; i < reply.length; i++) {
          if (reply[i] === null || reply[i] === undefined) misses++;
          else hits++;
        }
      }
      break;
    default:
      break;
  }
  out[0] = hits;
  out[1] = misses;
}
