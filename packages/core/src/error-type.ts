import { log } from './log';

/*
 * `error.type` for every data layer: one classifier, one cap. A value comes from code, never from
 * an error's free text or the data that caused it:
 * - the driver's own fixed mapping first (`known`): pg's client-side failures by their fixed
 *   messages, ioredis' reply-error prefixes from Redis' fixed list, ...; the layer returns undefined
 *   for anything it does not recognise;
 * - else the error's `code` (a SQLSTATE such as `23505`, a server code such as `ER_DUP_ENTRY`, a
 *   node system error such as `ECONNREFUSED`, a numeric driver code such as SQLite's);
 * - else the error's class name (`TypeError`, `MaxRetriesPerRequestError`), but not plain `Error`
 *   or `Object`, which say nothing;
 * - else `_OTHER`, the semantic conventions' fallback.
 * Every value must look like an identifier and at most MAX_ERROR_TYPES distinct values are handed
 * out per process (a driver that someday puts data in `code` cannot grow a metric without bound);
 * beyond the cap, `_OTHER`, with one warning.
 */

/** Distinct `error.type` values per process, all layers together. */
export const MAX_ERROR_TYPES = 200;
export const OTHER_ERROR_TYPE = '_OTHER';

const VALUE = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$/;
const given = new Set<string>();

/** A driver's fixed mapping for errors it knows: a type from a fixed set, or undefined. */
export type KnownErrorTypes = (error: object) => string | undefined;

function bounded(type: string): string {
  if (given.has(type)) return type;
  if (!VALUE.test(type)) return OTHER_ERROR_TYPE;
  if (given.size >= MAX_ERROR_TYPES) {
    log.warnOnce(
      'error-type cap',
      `more than ${MAX_ERROR_TYPES} distinct error types; further ones are recorded as error_type="${OTHER_ERROR_TYPE}".`,
    );
    return OTHER_ERROR_TYPE;
  }
  given.add(type);
  return type;
}

/** The bounded `error.type` of what a database operation or connection attempt failed with. */
export function errorType(error: unknown, known?: KnownErrorTypes): string {
  if (typeof error !== 'object' || error === null) return OTHER_ERROR_TYPE;
  const fixed = known?.(error);
  if (fixed !== undefined) return bounded(fixed);
  const code = (error as { code?: unknown }).code;
  // A code that does not look like one (free text) says less than the class name does.
  if (typeof code === 'string' && VALUE.test(code)) return bounded(code);
  if (typeof code === 'number' && Number.isInteger(code)) return bounded(String(code));
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name === 'string' && name !== 'Error' && name !== 'Object') return bounded(name);
  return OTHER_ERROR_TYPE;
}

/** Distinct error types handed out so far (for tests). */
export function errorTypeCount(): number {
  return given.size;
}
