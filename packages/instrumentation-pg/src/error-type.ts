/**
 * The `error.type` of a failed pg operation or connection attempt, from a fixed or code-defined
 * set, never from the message's free text:
 * - a server error: its SQLSTATE (`23505`, `42601`, `57P01` ...);
 * - a socket error: node's code (`ECONNREFUSED`, `ECONNRESET` ...);
 * - pg's own client-side failures, which carry neither: a fixed name chosen by the message they
 *   are known to have (`timeout`, `connection_terminated`, `client_closed`, `connection_error`);
 * - anything else: the error's class name (`TypeError`), or `_OTHER`.
 */
export function pgErrorType(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '_OTHER';
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (SQLSTATE.test(code) || NODE_CODE.test(code))) return code;
  const message = (error as { message?: unknown }).message;
  if (typeof message === 'string') {
    for (const [pattern, type] of CLIENT_FAILURES) if (pattern.test(message)) return type;
  }
  const name = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && CLASS_NAME.test(name) ? name : '_OTHER';
}

const SQLSTATE = /^[0-9A-Z]{5}$/;
const NODE_CODE = /^(?:E[A-Z0-9_]{1,40}|ERR_[A-Z0-9_]{1,60})$/;
const CLASS_NAME = /^[A-Za-z_$][A-Za-z0-9_$]{0,63}$/;

/** Messages pg (8.x) and pg-pool (3.x) give their client-side errors. */
const CLIENT_FAILURES: readonly (readonly [RegExp, string])[] = [
  [/^Query read timeout$/, 'timeout'],
  [/^timeout expired$/, 'timeout'],
  [/^timeout exceeded when trying to connect$/, 'timeout'],
  [/^Connection terminated due to connection timeout$/, 'timeout'],
  [/^Connection terminated/, 'connection_terminated'],
  [/^Client was closed and is not queryable$/, 'client_closed'],
  [/^Client has encountered a connection error and is not queryable$/, 'connection_error'],
];
