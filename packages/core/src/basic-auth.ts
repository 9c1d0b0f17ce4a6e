import { createHash } from 'node:crypto';

/**
 * HTTP basic authentication against bcrypt hashes, as Prometheus's exporter-toolkit does it.
 *
 * bcrypt is slow on purpose (tens of milliseconds at cost 10), so a verdict is cached, keyed by a
 * SHA-256 digest of user, hash and password: the cache never holds a password, and a changed hash
 * misses it. Wrong passwords are cached too, so that repeating one does not buy more bcrypt runs.
 * bcryptjs (pure JavaScript, no native build to break on install) hashes asynchronously in slices
 * with `setImmediate` between them; one verification runs at a time, like the toolkit's mutex.
 * Timing: an unknown user is compared against a hash of a password nobody knows, so it costs the
 * same as a wrong password (no user enumeration); bcryptjs compares hashes in constant time; the
 * cache is looked up by digest, which tells an attacker nothing about the password.
 */

/** bcrypt (cost 10) of 24 random bytes that were thrown away. */
const NOBODY_HASH = '$2b$10$gmcfBuJc0/t9SUNguolXy.NqMu2feRHo6jbn/DHaSrwJ9fPt8EAae';
const CACHE_SIZE = 100;

function credentials(authorization: string | undefined): [string, string] | undefined {
  if (authorization === undefined || authorization.length < 7 || authorization.slice(0, 6).toLowerCase() !== 'basic ')
    return undefined;
  const decoded = Buffer.from(authorization.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon === -1 ? undefined : [decoded.slice(0, colon), decoded.slice(colon + 1)];
}

export class BasicAuth {
  private readonly verdicts = new Map<string, boolean>();
  private readonly pending = new Map<string, Promise<boolean>>();
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly users: ReadonlyMap<string, string>) {}

  /** Whether the `Authorization` header names a user and their password: at once when cached. */
  check(authorization: string | undefined): boolean | Promise<boolean> {
    const given = credentials(authorization);
    if (given === undefined) return false;
    const [user, password] = given;
    const hash = this.users.get(user);
    const key = createHash('sha256')
      .update(`${user.length}:${user}${hash ?? NOBODY_HASH}${password}`)
      .digest('base64');
    const verdict = this.verdicts.get(key) ?? this.pending.get(key) ?? this.verify(key, password, hash ?? NOBODY_HASH);
    if (hash === undefined) return typeof verdict === 'boolean' ? false : verdict.then(() => false);
    return verdict;
  }

  private verify(key: string, password: string, hash: string): Promise<boolean> {
    const verdict = this.turn
      .then(() => bcrypt().compare(password, hash))
      .then(
        (ok) => this.remember(key, ok),
        () => this.remember(key, false),
      );
    this.turn = verdict;
    this.pending.set(key, verdict);
    return verdict;
  }

  private remember(key: string, ok: boolean): boolean {
    this.pending.delete(key);
    if (this.verdicts.size >= CACHE_SIZE) {
      // Oldest first (a Map iterates in insertion order); a tenth at once, so eviction is rare.
      let drop = CACHE_SIZE / 10;
      for (const old of this.verdicts.keys()) {
        this.verdicts.delete(old);
        if (--drop === 0) break;
      }
    }
    this.verdicts.set(key, ok);
    return ok;
  }
}

/** bcryptjs, loaded on the first password check: most processes never have basic auth configured. */
function bcrypt(): typeof import('bcryptjs') {
  return require('bcryptjs') as typeof import('bcryptjs');
}
