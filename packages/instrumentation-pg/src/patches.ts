import { firstPatch, log, sameIdentity } from '@nodeprom/core';
import { monotonicMs, privateSlot } from '@nodeprom/core/hot';
import type { ConnectCallback, PendingItem, PgClient, PgPool, PgQuery, QueryConfig, Submittable } from './driver-types';
import type { PgOperation } from './events';
import { pgSwitch } from './hook';

/*
 * The wrappers of pg's and pg-pool's internals (hook.ts says which files, for which versions). Each
 * reports to `pgSwitch.current` and passes straight through while it is undefined. They keep the
 * names and lengths of the functions they replace.
 */

// Handed from Client#query to the Query constructor it calls, within one synchronous call.
let pendingClient: PgClient | undefined;
let pendingConfig: QueryConfig | undefined;
// Handed from Pool#newClient to Client#_connect, and from Pool#connect to Pool#newClient.
let creatingPool: PgPool | undefined;
let connectStartedAt = -1;

/** nodeprom's state on pg's objects, in private slots: the app prints them as without nodeprom. */
const submittableOperation = privateSlot<PgOperation>();
/** Start of a pending pool request's wait, on pg-pool's PendingItem (listed in the pool's queue). */
const waitStartedAt = privateSlot<number>();
/** Query classes already subclassed, and the subclasses (whose instances report themselves). */
const trackedClasses = new WeakMap<object, QueryClass>();
const trackers = new WeakSet<object>();
/** Each subclass's original class. */
const originals = new WeakMap<object, QueryClass>();

type QueryClass = new (config: unknown, values: unknown, callback: unknown) => PgQuery;

export function trackedQuery(Base: QueryClass): QueryClass {
  const known = trackedClasses.get(Base);
  if (known !== undefined) return known;
  // Named Query like pg's class, by its declaration: redefining a class's `name` afterwards puts
  // every `new` of it on V8's slow path (measured: +5 µs per query). The operation is a private
  // field: invisible to util.inspect, and one in-object slot rather than properties on pg's object.
  const Tracked = class Query extends Base {
    #operation: PgOperation | undefined;
    constructor(config: unknown, values: unknown, callback: unknown) {
      super(config, values, callback);
      const client = pendingClient;
      if (client !== undefined) {
        pendingClient = undefined;
        this.#operation = pgSwitch.current?.queryStarted(client, pendingConfig!);
      } else {
        this.#operation = undefined;
      }
    }
    override handleReadyForQuery(connection: unknown): unknown {
      // A row that failed to parse turns the end into an error, reported by handleError.
      // A Query the app built itself (`client.query(new Query(...))`) has its operation in the slot.
      if (!(this as PgQuery)._canceledDueToError)
        (this.#operation ?? submittableOperation.get(this))?.done(this as unknown as Submittable);
      return super.handleReadyForQuery(connection);
    }
    override handleError(error: unknown, connection: unknown): unknown {
      (this.#operation ?? submittableOperation.get(this))?.failed((this as PgQuery)._canceledDueToError || error);
      return super.handleError(error, connection);
    }
  };
  trackedClasses.set(Base, Tracked);
  trackers.add(Tracked.prototype);
  originals.set(Tracked, Base);
  return Tracked;
}

/**
 * Makes a Submittable other than pg's Query (pg-cursor, pg-query-stream, the app's own) report its
 * completion to `operation`. A class's methods are wrapped once, where they are defined (the
 * prototype), so that its instances carry nothing of nodeprom's and print as before. An instance
 * that carries the methods itself (pg-query-stream binds its cursor's) gets its own wrappers, named
 * like the functions they replace, so it too prints as before.
 */
function watchSubmittable(submittable: Submittable, operation: PgOperation | undefined): void {
  if (operation === undefined) return;
  try {
    const ready = ownerOf(submittable, 'handleReadyForQuery');
    const failed = ownerOf(submittable, 'handleError');
    if (ready === undefined || failed === undefined) return;
    if (ready === (submittable as object) || failed === (submittable as object)) {
      const originalReady = submittable.handleReadyForQuery;
      const originalError = submittable.handleError;
      submittable.handleReadyForQuery = sameIdentity(function handleReadyForQuery(this: unknown) {
        operation.done(submittable);
        // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
        return originalReady.apply(this, arguments as unknown as [unknown]);
      }, originalReady);
      submittable.handleError = sameIdentity(function handleError(this: unknown, error: unknown) {
        operation.failed(error);
        // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
        return originalError.apply(this, arguments as unknown as [unknown, unknown]);
      }, originalError);
      return;
    }
    submittableOperation.set(submittable, operation);
    wrapOnce(
      ready,
      'handleReadyForQuery',
      (original) =>
        function handleReadyForQuery(this: Submittable) {
          submittableOperation.get(this)?.done(this);
          // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
          return original.apply(this, arguments as unknown as [unknown]);
        },
    );
    wrapOnce(
      failed,
      'handleError',
      (original) =>
        function handleError(this: Submittable, error: unknown) {
          submittableOperation.get(this)?.failed(error);
          // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
          return original.apply(this, arguments as unknown as [unknown]);
        },
    );
  } catch (error) {
    // A frozen or exotic Submittable: it runs unobserved.
    log.errorOnce('pg: observing a Submittable', error);
  }
}

type Handler = (this: Submittable, ...args: unknown[]) => unknown;
const wrappedMethods = new WeakMap<object, Set<string>>();

function ownerOf(object: object, method: string): Record<string, unknown> | undefined {
  for (let at: object | null = object; at !== null && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
    if (Object.prototype.hasOwnProperty.call(at, method))
      return typeof (at as Record<string, unknown>)[method] === 'function'
        ? (at as Record<string, unknown>)
        : undefined;
  }
  return undefined;
}

function wrapOnce(holder: Record<string, unknown>, method: string, wrap: (original: Handler) => Handler): void {
  let done = wrappedMethods.get(holder);
  if (done === undefined) wrappedMethods.set(holder, (done = new Set()));
  if (done.has(method)) return;
  done.add(method);
  const original = holder[method] as Handler;
  holder[method] = sameIdentity(wrap(original), original);
}

interface ClientClass {
  prototype: PgClient;
  Query?: unknown;
}

export function patchClient(Client: ClientClass): ClientClass {
  const proto = Client.prototype;
  if (!firstPatch(proto)) return Client;
  // client.js keeps the subclass in its module scope (Client#query builds its queries with it), but
  // what it publishes as Client.Query, and pg as pg.Query, is pg's own class: it prints as without
  // nodeprom, and a Query the app builds and passes to client.query is watched as a Submittable.
  const published = originals.get(Client.Query as object);
  if (published !== undefined) Client.Query = published;
  const originalQuery = proto.query;
  proto.query = sameIdentity(function query(this: PgClient, config: QueryConfig, values: unknown, callback: unknown) {
    const current = pgSwitch.current;
    if (current !== undefined && config != null) {
      if (typeof (config as Submittable).submit === 'function') {
        watchSubmittable(config as Submittable, current.queryStarted(this, config));
      } else {
        pendingClient = this;
        pendingConfig = config;
      }
    }
    try {
      return originalQuery.call(this, config, values, callback);
    } finally {
      pendingClient = undefined;
      pendingConfig = undefined;
    }
  }, originalQuery);
  const connect = proto._connect;
  proto._connect = sameIdentity(function _connect(this: PgClient, callback: ConnectCallback) {
    const current = pgSwitch.current;
    if (current === undefined || this._connecting || this._connected || typeof callback !== 'function') {
      return connect.call(this, callback);
    }
    return connect.call(this, current.connecting(this, creatingPool, callback));
  }, connect);
  return Client;
}

interface PoolClass {
  prototype: PgPool;
}

export function patchPool(Pool: PoolClass): PoolClass {
  const proto = Pool.prototype;
  if (!firstPatch(proto)) return Pool;
  const { connect: originalConnect, newClient: originalNewClient, _acquireClient: acquire, end: originalEnd } = proto;
  proto.connect = sameIdentity(function connect(this: PgPool, callback?: unknown) {
    const current = pgSwitch.current;
    if (current === undefined || this.ending) return originalConnect.call(this, callback);
    current.poolConnecting(this);
    const startedAt = monotonicMs();
    connectStartedAt = startedAt;
    const queue = this._pendingQueue as PendingItem[] | undefined;
    const queuedBefore = queue !== undefined ? queue.length : 0;
    let result: unknown;
    try {
      result = originalConnect.call(this, callback);
    } finally {
      connectStartedAt = -1;
    }
    // pg-pool queues the request (for an idle client's turn, or until one is released) or makes a
    // client for it (newClient below stamps that one). Queued, it is the newest item: the queue grew
    // within this call, and the item is new, so it carries no start yet and needs no slot read.
    if (queue !== undefined && queue.length > queuedBefore) waitStartedAt.set(queue[queue.length - 1], startedAt);
    return result;
  }, originalConnect);
  proto.newClient = sameIdentity(function newClient(this: PgPool, pendingItem: PendingItem) {
    if (connectStartedAt >= 0 && pendingItem != null && waitStartedAt.get(pendingItem) === undefined) {
      waitStartedAt.set(pendingItem, connectStartedAt);
    }
    const outer = creatingPool;
    creatingPool = this;
    try {
      return originalNewClient.call(this, pendingItem);
    } finally {
      creatingPool = outer;
    }
  }, originalNewClient);
  // pg-pool 3's signature, spelled out: rest parameters would allocate an array on every checkout.
  proto._acquireClient = sameIdentity(function _acquireClient(
    this: PgPool,
    client: unknown,
    pendingItem: PendingItem,
    idleListener: unknown,
    isNew: unknown,
  ) {
    // A request gets its client once (pg-pool shifts it off the queue, or hands it the client made
    // for it), so the start is read once and left: no second slot write to mark it taken.
    if (pendingItem != null) {
      const startedAt = waitStartedAt.get(pendingItem);
      if (startedAt !== undefined && pendingItem.timedOut !== true) pgSwitch.current?.poolAcquired(this, startedAt);
    }
    return acquire.call(this, client, pendingItem, idleListener, isNew);
  }, acquire);
  proto.end = sameIdentity(function end(this: PgPool, callback?: unknown) {
    if (!this.ending) pgSwitch.current?.poolEnding(this);
    return originalEnd.call(this, callback);
  }, originalEnd);
  return Pool;
}
