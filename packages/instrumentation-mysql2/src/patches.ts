import { EventEmitter } from 'node:events';
import { log, sameIdentity, type DbTarget } from '@nodeprom/core';
import { monotonicMs, privateSlot } from '@nodeprom/core/hot';
import type { Callback, CommandLike, ConnectionConfigLike, ConnectionLike, Method, PoolLike } from './driver-types';
import { serverAddress, serverPort, type Mysql2Events } from './events';
import type { Patches } from './hook';

/*
 * The patch path (mysql2 < 3.20, no tracing channels). Patched on the prototypes that own the
 * methods (lib/base/connection.js in later releases such as 3.11, lib/connection.js itself in 3.0),
 * found by walking the chain from the class lib/connection.js exports, so one patch fits every 3.x
 * layout (tested on 3.0.1, 3.11.5, and 3.24.6 with `mechanism: 'patch'`):
 *   query / execute: the app's callback is wrapped (or, without one, the returned command's emit),
 *   ClientHandshake#start (lib/commands/client_handshake.js): starts the connection-attempt timer,
 *   _notifyError: a failed handshake, getConnection (pool): the wait and the pool itself,
 *   createQuery (static): marks the command Pool#query is about to ask a connection for.
 * Each wrapper reads the layer's switch (`events()`) and, when no instance is enabled, calls
 * straight through. Pool#query itself is not wrapped: with a wrapper in front of it, V8 stopped
 * inlining mysql2's own createQuery and Query constructor into the app's call (seen in callgrind's
 * counts per JS function). Wrappers keep the names and lengths of the functions they replace.
 */

/** A connection attempt in progress (`null` once settled). */
interface Attempt {
  readonly startedAt: number;
  readonly pool: PoolLike | undefined;
}

/** A connection's target as last resolved, for the database it was resolved for, by which events. */
interface ConnectionTarget {
  readonly target: DbTarget;
  readonly database: string | undefined;
  readonly events: Mysql2Events;
}

/** nodeprom's state on mysql2's objects, in private slots: the app prints them as without nodeprom. */
const attemptOf = privateSlot<Attempt | null>();
const targetSlot = privateSlot<ConnectionTarget>();
const operationOf = privateSlot<Operation>();
/** On a pool query's getConnection callback: its wait is timed from the command (see getConnection). */
const timedByCommand = privateSlot<true>();

/**
 * The command Pool#query has just built for its pool (set by createQuery, taken by the getConnection
 * that Pool#query calls next, synchronously). A pooled connection's own query also builds its command
 * with createQuery, and in releases where it shares its pool's config object (3.0, 3.11) that looks
 * the same: Connection#query clears the mark when it returns.
 */
let pendingPoolQuery: CommandLike | undefined = undefined;

/** One statement in flight on the patch path. */
class Operation {
  /** Event-emitter mode: the first 'error' the command emitted, and its own emit. */
  error: unknown = undefined;
  emit: Method | undefined = undefined;
  /** Callback mode: the command's own `onResult`, which `onResultTracked` calls. */
  onResult: Callback | undefined = undefined;
  constructor(
    readonly metrics: Mysql2Events,
    /** Undefined while a pool query waits for its connection. */
    public connection: ConnectionLike | undefined,
    readonly sql: unknown,
    /** monotonicMs() when the statement was handed to its connection, or when a pool query asked for one. */
    public startedAt: number,
    /** The pool a waiting pool query came from. */
    readonly pool: PoolLike | undefined,
  ) {}

  finish(error: unknown, result: unknown): void {
    try {
      const connection = this.connection;
      if (connection === undefined) return;
      const metrics = this.metrics;
      metrics.operation(
        targetOf(metrics, connection),
        this.sql,
        (monotonicMs() - this.startedAt) / 1000,
        error,
        result,
      );
    } catch (caught) {
      log.errorOnce('mysql2: recording a query', caught);
    }
  }

  /** A waiting pool query reached `connection` at `now`: the wait ends and the statement starts. */
  acquired(connection: ConnectionLike, now: number): void {
    this.connection = connection;
    recordWait(this.metrics, this.pool!, now - this.startedAt);
    this.startedAt = now;
  }
}

function recordWait(metrics: Mysql2Events, pool: PoolLike, milliseconds: number): void {
  try {
    metrics.poolWait(pool, milliseconds / 1000);
  } catch (caught) {
    log.errorOnce('mysql2: recording a pool acquisition', caught);
  }
}

/** The connection's target, re-resolved when changeUser switched its database. */
function targetOf(metrics: Mysql2Events, connection: ConnectionLike): DbTarget {
  const config = connection.config;
  const cached = targetSlot.get(connection);
  if (cached !== undefined && cached.database === config.database && cached.events === metrics) return cached.target;
  const address = serverAddress(config);
  const port = serverPort(config);
  const handshake = connection._handshakePacket;
  if (handshake) metrics.learnServer(address, port, handshake.serverVersion);
  const target = metrics.target(config.database || '', address, port);
  // Before the handshake the server's kind is a guess: do not keep it.
  if (handshake) targetSlot.set(connection, { target, database: config.database, events: metrics });
  return target;
}

/**
 * The app's callback, wrapped. Anonymous (so named ''): mysql2 keeps it as the command's `onResult`,
 * and a command the app prints then shows `[Function (anonymous)]`, as an app's inline callback does.
 */
function wrapCallback(operation: Operation, callback: Callback): Callback {
  return function (this: unknown, error: unknown, result?: unknown) {
    operation.finish(error, result);
    // eslint-disable-next-line prefer-rest-params
    return Reflect.apply(callback, this, arguments);
  };
}

/** Installed as a command's `onResult`; unnamed (see below), like the pool's own closure it replaces. */
function onResultTracked(this: CommandLike, error: unknown, result?: unknown, fields?: unknown) {
  const operation = operationOf.get(this)!;
  operation.finish(error, result);
  // Called as the command's method, as mysql2 calls it: `this` stays the command, and V8 can inline
  // the pool's per-query onResult here (through `.call`, it does not). A pool's onResult is
  // `(err, rows, fields)` and forwards exactly those: no need to materialize `arguments`. A command
  // the app built keeps the arguments mysql2 passed.
  const onResult = operation.onResult!;
  if (operation.pool !== undefined) return onResult.call(this, error, result, fields);
  // eslint-disable-next-line prefer-rest-params
  return Reflect.apply(onResult, this, arguments);
}

Object.defineProperty(onResultTracked, 'name', { value: '' });

/** Replaces a command's emit (event-emitter and stream mode) to see its 'error' and 'end'. */
function tracedEmit(this: CommandLike, event: string | symbol, value?: unknown): boolean {
  const operation = operationOf.get(this)!;
  if (event === 'error') operation.error ??= value;
  else if (event === 'end') operation.finish(operation.error, undefined);
  // eslint-disable-next-line prefer-rest-params
  return Reflect.apply(operation.emit!, this, arguments) as boolean;
}

function traceEmitter(command: unknown, operation: Operation): void {
  if (!(command instanceof EventEmitter)) return;
  const tracked = command as CommandLike;
  operation.emit = tracked.emit as Method;
  operationOf.set(tracked, operation);
  // Not enumerable, so the command (which the app holds in stream and event-emitter mode) prints as
  // without nodeprom. Only this mode pays for the define.
  Object.defineProperty(tracked, 'emit', { value: tracedEmit, writable: true, configurable: true, enumerable: false });
}

/** A command built before Connection#query saw it (by Pool#query, a cluster, or the app) starts here. */
function trackCommand(metrics: Mysql2Events, connection: ConnectionLike, command: CommandLike): void {
  let operation = operationOf.get(command);
  if (operation !== undefined && operation.connection === undefined) {
    // Made by the pool's getConnection, which timed the wait for this connection: it ends here.
    operation.acquired(connection, monotonicMs());
  } else {
    operation = new Operation(metrics, connection, command.sql, monotonicMs(), undefined);
    operationOf.set(command, operation);
  }
  if (typeof command.onResult === 'function') {
    // mysql2 calls onResult as the command's method: one shared function, no closure.
    operation.onResult = command.onResult;
    command.onResult = onResultTracked as Callback;
  } else {
    traceEmitter(command, operation);
  }
}

/** Connection#query with a text or an options object: the command is built inside mysql2's query. */
function queryText(
  metrics: Mysql2Events,
  original: Method,
  connection: ConnectionLike,
  sql: unknown,
  values: unknown,
  callback: unknown,
): unknown {
  const operation = new Operation(
    metrics,
    connection,
    typeof sql === 'object' && sql !== null ? (sql as CommandLike).sql : sql,
    monotonicMs(),
    undefined,
  );
  try {
    if (typeof values === 'function')
      return original.call(connection, sql, wrapCallback(operation, values as Callback), callback);
    if (typeof callback === 'function')
      return original.call(connection, sql, values, wrapCallback(operation, callback as Callback));
    // A callback in an options object ({ sql, ... }) is not mysql2's API; without a callback the
    // command is an event emitter (and the source of query().stream()). mysql2 treats the missing
    // arguments, passed on as undefined, as absent.
    const command = original.call(connection, sql, values, callback);
    traceEmitter(command, operation);
    return command;
  } finally {
    // The command createQuery built in there runs here, not through a pool's getConnection.
    pendingPoolQuery = undefined;
  }
}

function owner(start: object, method: string): Record<string, unknown> | undefined {
  for (
    let proto: object | null = start;
    proto !== null && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    if (Object.prototype.hasOwnProperty.call(proto, method)) return proto as Record<string, unknown>;
  }
  return undefined;
}

function replace(target: object, method: string, make: (original: Method) => Method): void {
  const holder = owner(target, method);
  const original = holder?.[method];
  if (typeof original !== 'function') {
    log.warnOnce(`mysql2 patch ${method}`, `mysql2: ${method} not found where expected; its metrics are missing.`);
    return;
  }
  holder![method] = sameIdentity(make(original as Method), original as Method);
}

/** The patches, reporting to what `metrics()` returns (the layer's switch): undefined passes through. */
export function mysql2Patches(metrics: () => Mysql2Events | undefined): Patches {
  function attemptSettled(connection: ConnectionLike, error: unknown): void {
    const attempt = attemptOf.get(connection);
    const m = metrics();
    if (!attempt || m === undefined) return;
    attemptOf.set(connection, null);
    try {
      const config = connection.config;
      const pool = attempt.pool;
      const address = serverAddress(config);
      const port = serverPort(config);
      const handshake = connection._handshakePacket;
      if (!error && handshake) m.learnServer(address, port, handshake.serverVersion);
      m.connection(
        address,
        port,
        pool ? m.pool(pool) : undefined,
        (monotonicMs() - attempt.startedAt) / 1000,
        error,
        handshake?.serverVersion,
      );
    } catch (caught) {
      log.errorOnce('mysql2: recording a connection', caught);
    }
  }
  function onConnect(this: ConnectionLike): void {
    attemptSettled(this, undefined);
  }

  return {
    connection(exports: object): void {
      const proto = (exports as { prototype?: object }).prototype;
      if (proto === undefined) return;

      // The wrapper stays small: V8 inlines it, with mysql2's own query, into the pool's callback, and
      // every byte of it counts against what else V8 inlines there. The rare paths are functions of their own.
      replace(
        proto,
        'query',
        (original) =>
          function query(this: unknown, sql: unknown, values: unknown, callback: unknown) {
            const m = metrics();
            // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
            if (m === undefined) return Reflect.apply(original, this, arguments);
            if (sql instanceof EventEmitter) {
              // A command built elsewhere (a pool's query): mysql2 reads only this first argument.
              trackCommand(m, this as ConnectionLike, sql as CommandLike);
              return original.call(this, sql, values, callback);
            }
            return queryText(m, original, this as ConnectionLike, sql, values, callback);
          },
      );

      replace(
        exports,
        'createQuery',
        (original) =>
          function createQuery(this: unknown, sql: unknown, values: unknown, callback: unknown, config: unknown) {
            const command = original.call(this, sql, values, callback, config) as CommandLike;
            // Pool#query passes its pool's connection config, which points back at the pool.
            const pool = (config as ConnectionConfigLike | undefined)?.pool;
            if (pool !== undefined && pool.config.connectionConfig === config && metrics() !== undefined)
              pendingPoolQuery = command;
            return command;
          },
      );

      replace(
        proto,
        'execute',
        (original) =>
          function execute(this: unknown, sql: unknown, values: unknown, callback: unknown) {
            const m = metrics();
            // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
            if (m === undefined) return Reflect.apply(original, this, arguments);
            const text = typeof sql === 'object' && sql !== null ? (sql as { sql?: unknown }).sql : sql;
            const operation = new Operation(m, this as ConnectionLike, text, monotonicMs(), undefined);
            if (typeof values === 'function')
              return original.call(this, sql, wrapCallback(operation, values as Callback), callback);
            if (typeof callback === 'function')
              return original.call(this, sql, values, wrapCallback(operation, callback as Callback));
            // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
            const command = Reflect.apply(original, this, arguments);
            traceEmitter(command, operation);
            return command;
          },
      );

      replace(
        proto,
        '_notifyError',
        (original) =>
          function notifyError(this: unknown, error: unknown) {
            if (attemptOf.get(this as ConnectionLike))
              attemptSettled(this as ConnectionLike, error ?? new Error('connection failed'));
            // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
            return Reflect.apply(original, this, arguments);
          },
      );
    },

    clientHandshake(exports: object): void {
      const proto = (exports as { prototype?: object }).prototype;
      if (proto === undefined) return;
      // A client connection's first command is its handshake, which mysql2 starts from the connection's
      // constructor: the attempt is timed from there. Patched here, not in addCommand, which runs per query.
      replace(
        proto,
        'start',
        (original) =>
          function start(this: unknown, _packet: unknown, connection: unknown) {
            const client = connection as ConnectionLike | undefined;
            if (client instanceof EventEmitter && attemptOf.get(client) === undefined && metrics() !== undefined) {
              attemptOf.set(client, { startedAt: monotonicMs(), pool: client.config?.pool });
              client.once('connect', onConnect);
            }
            // eslint-disable-next-line prefer-rest-params
            return Reflect.apply(original, this, arguments);
          },
      );
    },

    pool(exports: object): void {
      const proto = (exports as { prototype?: object }).prototype;
      if (proto === undefined) return;
      replace(
        proto,
        'getConnection',
        (original) =>
          function getConnection(this: unknown, callback: unknown) {
            const m = metrics();
            const poolQuery = pendingPoolQuery;
            pendingPoolQuery = undefined;
            // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
            if (m === undefined || typeof callback !== 'function') return Reflect.apply(original, this, arguments);
            const pool = this as PoolLike;
            if (poolQuery !== undefined && operationOf.get(poolQuery) === undefined) {
              // Pool#query's request: the wait is timed from its command (an Operation made here and
              // finished by the Connection#query patch), without a callback closure per query. A request
              // that has to wait (no free connection) is marked, so that when mysql2 queues it again with
              // the same callback (the connection it got was dropped), it is not timed twice.
              operationOf.set(poolQuery, new Operation(m, undefined, poolQuery.sql, monotonicMs(), pool));
              if (pool._freeConnections.length === 0) timedByCommand.set(callback, true);
              return original.call(this, callback);
            }
            if (timedByCommand.get(callback) === true) return original.call(this, callback);
            const startedAt = monotonicMs();
            // Direct getConnection calls (the app's, Pool#execute's): one closure per acquisition.
            return original.call(this, function acquired(this: unknown, error: unknown, connection: unknown) {
              if (!error) recordWait(m, pool, monotonicMs() - startedAt);
              return (callback as Callback).call(this, error, connection);
            });
          },
      );
    },
  };
}
