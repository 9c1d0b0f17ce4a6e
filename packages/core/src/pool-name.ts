import { log } from './log';

/** The longest name an app may give a pool; longer ones fall back to the address. */
const MAX_GIVEN_NAME = 128;

/**
 * `db.client.connection.pool.name` for every data layer: the name the app gave the pool (a
 * non-empty string of at most 128 characters; `setting` says where it is set, for the warning
 * about a bad one), else `address:port/database`. Names come from the app's code or its connection
 * settings, never from requests, so they stay bounded.
 */
export function poolName(given: unknown, setting: string, address: string, port: number | undefined, database: string | undefined): string {
  if (typeof given === 'string' && given.trim() !== '' && given.length <= MAX_GIVEN_NAME) return given.trim();
  if (given !== undefined) {
    log.warnOnce(`pool name: ${setting}`, `${setting} must be a non-empty string of at most ${MAX_GIVEN_NAME} characters; the pool is named after its address:port/database instead.`);
  }
  return `${address}${port === undefined ? '' : `:${port}`}/${database ?? ''}`;
}
