import { log } from './log';
import { privateSlot } from './private-slot';

/** The longest name an app may give a pool; longer ones fall back to the address. */
const MAX_GIVEN_NAME = 128;

const givenNames = privateSlot<string>();
/** The symbol mysql2 pools were named with before `namePool` (still read, as an alias). */
const LEGACY_SYMBOL = Symbol.for('nodeprom.pool.name');

/**
 * Names a pool in `db_client_connection_pool_name`: the one way for every SQL layer, given the
 * object the app holds (a `pg.Pool`, a mysql2 pool or pool cluster, a knex instance). Call it before
 * the pool's first query; the name is kept out of sight (the pool prints as before). Returns the pool.
 */
export function namePool<Pool extends object>(pool: Pool, name: string): Pool {
  if (pool !== null && (typeof pool === 'object' || typeof pool === 'function')) givenNames.set(pool, name);
  return pool;
}

/**
 * The name given to `pool` with `namePool`, else through a layer's older way (`alias`, e.g. pg's
 * `nodepromPoolName` option, or `pool[Symbol.for('nodeprom.pool.name')]`), else undefined.
 */
export function givenPoolName(pool: object, alias?: unknown): unknown {
  const named = givenNames.get(pool);
  if (named !== undefined) return named;
  if (alias !== undefined) return alias;
  return (pool as { [LEGACY_SYMBOL]?: unknown })[LEGACY_SYMBOL];
}

/**
 * `db.client.connection.pool.name` for every data layer: the name the app gave the pool (a
 * non-empty string of at most 128 characters; `setting` says where it is set, for the warning
 * about a bad one), else `address:port/database`. Names come from the app's code or its connection
 * settings, never from requests, so they stay bounded.
 */
export function poolName(
  given: unknown,
  setting: string,
  address: string,
  port: number | undefined,
  database: string | undefined,
): string {
  if (typeof given === 'string' && given.trim() !== '' && given.length <= MAX_GIVEN_NAME) return given.trim();
  if (given !== undefined) {
    log.warnOnce(
      `pool name: ${setting}`,
      `${setting} must be a non-empty string of at most ${MAX_GIVEN_NAME} characters; the pool is named after its address:port/database instead.`,
    );
  }
  return `${address}${port === undefined ? '' : `:${port}`}/${database ?? ''}`;
}
