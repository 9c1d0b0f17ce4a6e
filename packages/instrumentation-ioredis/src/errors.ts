/**
 * `error.type` of a failed command or connection attempt. Bounded by construction: a server reply
 * error gives its upper-case prefix (WRONGTYPE, NOSCRIPT, MOVED …) from a fixed table, or any other
 * upper-case word up to a process-wide cap (scripts and modules can invent prefixes); a client-side
 * error gives its class or code; anything else `_OTHER`.
 */

/** Prefixes Redis and Valkey servers send (and modules commonly use). */
const KNOWN_PREFIXES = new Set([
  'ERR', 'WRONGTYPE', 'NOSCRIPT', 'MOVED', 'ASK', 'TRYAGAIN', 'CROSSSLOT', 'CLUSTERDOWN', 'LOADING', 'BUSY',
  'BUSYKEY', 'BUSYGROUP', 'NOGROUP', 'NOAUTH', 'WRONGPASS', 'NOPERM', 'READONLY', 'MASTERDOWN', 'MISCONF',
  'EXECABORT', 'NOREPLICAS', 'OOM', 'NOTBUSY', 'NOPROTO', 'UNBLOCKED', 'UNKILLABLE', 'NOTREADY', 'INVALIDOBJ',
]);
/** Other upper-case prefixes accepted before everything new becomes the fallback. */
const MAX_OTHER_PREFIXES = 32;
const otherPrefixes = new Set<string>();

const REPLY_ERROR_FALLBACK = 'ReplyError';
const OTHER_ERROR = '_OTHER';
export const CONNECTION_CLOSED = 'connection_closed';
const COMMAND_TIMEOUT = 'timeout';

interface ErrorLike {
  name?: unknown;
  message?: unknown;
  code?: unknown;
}

function replyPrefix(message: unknown): string {
  if (typeof message !== 'string') return REPLY_ERROR_FALLBACK;
  let end = message.indexOf(' ');
  if (end === -1) end = message.length;
  if (end === 0 || end > 24) return REPLY_ERROR_FALLBACK;
  const prefix = message.slice(0, end);
  if (KNOWN_PREFIXES.has(prefix)) return prefix;
  if (!/^[A-Z][A-Z0-9_]*$/.test(prefix)) return REPLY_ERROR_FALLBACK;
  if (otherPrefixes.has(prefix)) return prefix;
  if (otherPrefixes.size >= MAX_OTHER_PREFIXES) return REPLY_ERROR_FALLBACK;
  otherPrefixes.add(prefix);
  return prefix;
}

/** The error type of what a command was rejected with (or an error element of an EXEC reply). */
export function errorType(error: unknown): string {
  if (error === null || typeof error !== 'object') return OTHER_ERROR;
  const { name, message, code } = error as ErrorLike;
  if (name === 'ReplyError') return replyPrefix(message);
  // ioredis' own client-side errors are plain Errors told apart by their fixed messages.
  if (message === 'Connection is closed.') return CONNECTION_CLOSED;
  if (message === 'Command timed out') return COMMAND_TIMEOUT;
  if (typeof code === 'string' && /^E[A-Z0-9_]{1,30}$/.test(code)) return code;
  // Class names come from code (MaxRetriesPerRequestError, AbortError, ClusterAllFailedError …).
  if (typeof name === 'string' && name !== 'Error' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) return name;
  return OTHER_ERROR;
}
