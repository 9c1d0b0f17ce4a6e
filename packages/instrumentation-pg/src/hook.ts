import { firstPatch, log, permanentPatch, monotonicMs as coreMonotonicMs } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import type { ConnectCallback, PgClient, PgEvents, PgPool, PgQuery, QueryConfig, Submittable } from './types';

/** Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock). */
const monotonicMs = coreMonotonicMs;

/*
 * How pg is hooked. pg publishes no diagnostics channel, so its internal files are patched when
 * they are required. Internal files (not the `pg` entry point) because an ESM app's `import pg`
 * loads pg/lib/index.js through the ESM loader, which require-time hooks cannot see, while that
 * file's own require() calls of client.js, query.js and pg-pool go through the CommonJS loader.
 *
 * - pg/lib/query.js: replaced by a subclass of Query that reports its completion (success in
 *   handleReadyForQuery, failure in handleError). Client#query builds its Query with the class
 *   client.js captured at load time, so the subclass is the only way to reach that object.
 * - pg/lib/client.js: Client#query hands the client and config to the Query it is about to build
 *   (synchronously, through module state), and marks other Submittables (pg-cursor,
 *   pg-query-stream) itself; Client#_connect times connection attempts.
 * - pg-pool: connect() times the wait for a client, end() stops the pool's gauges.
 *
 * Patches are permanent for the process; `setPgEvents(undefined)` (the layer disabled) makes each
 * one a plain pass-through.
 */

export const PG_VERSIONS = '>=8.0.0 <9';
export const PG_POOL_VERSIONS = '>=3.0.0 <4';

let events: PgEvents | undefined;
/** Where the patches report; undefined while the layer is disabled. */
export function setPgEvents(next: PgEvents | undefined): void {
  events = next;
}

// Handed from Client#query to the Query constructor it calls, within one synchronous call.
let pendingClient: PgClient | undefined;
let pendingConfig: QueryConfig | undefined;
// Handed from Pool#newClient to Client#_connect, and from Pool#connect to Pool#newClient.
let creatingPool: PgPool | undefined;
let connectStartedAt = -1;

/** Start of a pending pool request's wait, written on pg-pool's PendingItem. */
const WAIT_STARTED_AT = Symbol('nodeprom.pg.waitStartedAt');
const ORIGINAL_READY = Symbol('nodeprom.pg.originalReadyForQuery');
const ORIGINAL_ERROR = Symbol('nodeprom.pg.originalError');
const TRACKED_CLASS = Symbol('nodeprom.pg.trackedQuery');
/** On TrackedQuery's prototype: its instances report their completion themselves. */
const REPORTS_ITSELF = Symbol('nodeprom.pg.reportsItself');

let connectionParameters: (new (config: unknown) => Record<string, unknown>) | undefined;
/** pg's ConnectionParameters class (to name pools as pg resolves their settings), once loaded. */
export function connectionParametersClass(): typeof connectionParameters {
  return connectionParameters;
}

type QueryClass = new (config: unknown, values: unknown, callback: unknown) => PgQuery;

function trackedQuery(Base: QueryClass & { [TRACKED_CLASS]?: QueryClass }): QueryClass {
  if (Base[TRACKED_CLASS] !== undefined) return Base[TRACKED_CLASS];
  // Named Query like pg's class, by its declaration: redefining a class's `name` afterwards puts
  // every `new` of it on V8's slow path (measured: +5 µs per query).
  const Tracked = class Query extends Base {
    constructor(config: unknown, values: unknown, callback: unknown) {
      super(config, values, callback);
      const client = pendingClient;
      if (client !== undefined) {
        pendingClient = undefined;
        events?.queryStarted(this, client, pendingConfig!);
      }
    }
    override handleReadyForQuery(connection: unknown): unknown {
      // A row that failed to parse turns the end into an error, reported by handleError.
      if (!this._canceledDueToError) events?.queryDone(this);
      return super.handleReadyForQuery(connection);
    }
    override handleError(error: unknown, connection: unknown): unknown {
      events?.queryFailed(this, this._canceledDueToError || error);
      return super.handleError(error, connection);
    }
  };
  Object.defineProperty(Tracked.prototype, REPORTS_ITSELF, { value: true });
  Object.defineProperty(Base, TRACKED_CLASS, { value: Tracked });
  return Tracked;
}

// Shared by every Submittable that is not pg's Query: the originals are kept on the object.
function submittableReadyForQuery(this: Submittable): unknown {
  events?.queryDone(this);
  // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
  return (this[ORIGINAL_READY] as Submittable['handleReadyForQuery']).apply(this, arguments as unknown as [unknown]);
}
function submittableError(this: Submittable, error: unknown): unknown {
  events?.queryFailed(this, error);
  // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
  return (this[ORIGINAL_ERROR] as Submittable['handleError']).apply(this, arguments as unknown as [unknown, unknown]);
}

/** Makes a Submittable report its completion; pg's Query (our subclass) already does. */
function watchSubmittable(submittable: Submittable): void {
  if (submittable.handleReadyForQuery === submittableReadyForQuery || (submittable as { [REPORTS_ITSELF]?: true })[REPORTS_ITSELF]) return;
  if (typeof submittable.handleReadyForQuery !== 'function' || typeof submittable.handleError !== 'function') return;
  try {
    submittable[ORIGINAL_READY] = submittable.handleReadyForQuery;
    submittable[ORIGINAL_ERROR] = submittable.handleError;
    submittable.handleReadyForQuery = submittableReadyForQuery;
    submittable.handleError = submittableError;
  } catch (error) {
    // A frozen or exotic Submittable: it runs unobserved.
    log.errorOnce('pg: observing a Submittable', error);
  }
}

interface ClientClass {
  prototype: PgClient;
}

function patchClient(Client: ClientClass): ClientClass {
  const proto = Client.prototype;
  if (!firstPatch(proto)) return Client;
  const query = proto.query;
  proto.query = function patchedQuery(this: PgClient, config: QueryConfig, values: unknown, callback: unknown) {
    const current = events;
    if (current !== undefined && config != null) {
      if (typeof (config as Submittable).submit === 'function') {
        watchSubmittable(config as Submittable);
        current.queryStarted(config as Submittable, this, config);
      } else {
        pendingClient = this;
        pendingConfig = config;
      }
    }
    try {
      return query.call(this, config, values, callback);
    } finally {
      pendingClient = undefined;
      pendingConfig = undefined;
    }
  };
  const connect = proto._connect;
  proto._connect = function patchedConnect(this: PgClient, callback: ConnectCallback) {
    const current = events;
    if (current === undefined || this._connecting || this._connected || typeof callback !== 'function') {
      return connect.call(this, callback);
    }
    return connect.call(this, current.connecting(this, creatingPool, callback));
  };
  return Client;
}

interface PoolClass {
  prototype: PgPool;
}
interface PendingItem {
  timedOut?: boolean;
  [WAIT_STARTED_AT]?: number;
}

function patchPool(Pool: PoolClass): PoolClass {
  const proto = Pool.prototype;
  if (!firstPatch(proto)) return Pool;
  const { connect, newClient, _acquireClient: acquire, end } = proto;
  proto.connect = function patchedConnect(this: PgPool, callback?: unknown) {
    const current = events;
    if (current === undefined || this.ending) return connect.call(this, callback);
    current.poolConnecting(this);
    const startedAt = monotonicMs();
    connectStartedAt = startedAt;
    let result: unknown;
    try {
      result = connect.call(this, callback);
    } finally {
      connectStartedAt = -1;
    }
    // Without a free client the request waits in the queue until one is released.
    const queue = this._pendingQueue as PendingItem[] | undefined;
    const queued = queue !== undefined ? queue[queue.length - 1] : undefined;
    if (queued !== undefined && queued[WAIT_STARTED_AT] === undefined) queued[WAIT_STARTED_AT] = startedAt;
    return result;
  };
  proto.newClient = function patchedNewClient(this: PgPool, pendingItem: PendingItem) {
    if (connectStartedAt >= 0 && pendingItem != null && pendingItem[WAIT_STARTED_AT] === undefined) {
      pendingItem[WAIT_STARTED_AT] = connectStartedAt;
    }
    const outer = creatingPool;
    creatingPool = this;
    try {
      return newClient.call(this, pendingItem);
    } finally {
      creatingPool = outer;
    }
  };
  // pg-pool 3's signature, spelled out: rest parameters would allocate an array on every checkout.
  proto._acquireClient = function patchedAcquire(this: PgPool, client: unknown, pendingItem: PendingItem, idleListener: unknown, isNew: unknown) {
    const startedAt = pendingItem?.[WAIT_STARTED_AT];
    if (startedAt !== undefined) {
      pendingItem[WAIT_STARTED_AT] = undefined;
      if (pendingItem.timedOut !== true) events?.poolAcquired(this, startedAt);
    }
    return acquire.call(this, client, pendingItem, idleListener, isNew);
  };
  proto.end = function patchedEnd(this: PgPool, callback?: unknown) {
    if (!this.ending) events?.poolEnding(this);
    return end.call(this, callback);
  };
  return Pool;
}

export function pgModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('pg', [PG_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile('pg/lib/query.js', [PG_VERSIONS], trackedQuery, permanentPatch),
      new InstrumentationNodeModuleFile('pg/lib/client.js', [PG_VERSIONS], patchClient, permanentPatch),
      new InstrumentationNodeModuleFile('pg/lib/connection-parameters.js', [PG_VERSIONS],
        (exports: typeof connectionParameters) => (connectionParameters = exports), permanentPatch),
    ]),
    new InstrumentationNodeModuleDefinition('pg-pool', [PG_POOL_VERSIONS], patchPool, permanentPatch),
  ];
}
