import * as diagnosticsChannel from 'node:diagnostics_channel';
import { guarded, log, type RegisteredPool } from '@nodeprom/core';
import { monotonicMs } from '@nodeprom/core/hot';
import type { PoolLike } from './driver-types';
import type { Mysql2Events } from './events';
import { CONNECT_CHANNEL, EXECUTE_CHANNEL, POOL_CONNECT_CHANNEL, QUERY_CHANNEL } from './hook';

/*
 * The channel path (mysql2 >= 3.20). mysql2 publishes a context object per operation through
 * `tracingChannel(name).traceCallback` / `tracePromise`: `start` when the call is made, `asyncStart`
 * once it settled, with `error` or `result` set on the same object by node. We stamp the start time
 * on that object and record at `asyncStart`: no closure, no map, one property per operation.
 *
 * Context shapes (mysql2 3.20–3.24, lib/base/connection.js and lib/base/pool.js):
 *   query / execute: { query, values, database, serverAddress, serverPort }; result: rows or OkPacket
 *     (callback and promise APIs), undefined for streams / event emitters.
 *   connect:         { database, serverAddress, serverPort, user }; result: the handshake packet.
 *   pool:connect:    { database, serverAddress, serverPort }; result: the PoolConnection.
 * None carries the connection or pool, hence the pool is found through the acquired connection.
 */

const STARTED_AT = Symbol('nodeprom.mysql2.startedAt');
/** On a connect context: the pool acquisition it happened inside of, if any. */
const ACQUISITION = Symbol('nodeprom.mysql2.acquisition');
/** On a connect context: already recorded (from a failed operation, see `connectFailed`). */
const RECORDED = Symbol('nodeprom.mysql2.recorded');
/** On a pool acquisition context: the acquisition that was current before it (restored at `end`). */
const PREVIOUS = Symbol('nodeprom.mysql2.previous');

interface Settled {
  error?: unknown;
  result?: unknown;
  [STARTED_AT]?: number;
}
interface OperationContext extends Settled {
  query: string;
  database: string;
  serverAddress: string;
  serverPort: number | undefined;
}
interface AcquisitionContext extends Settled {
  database: string;
  serverAddress: string;
  serverPort: number | undefined;
  [PREVIOUS]?: AcquisitionContext | undefined;
}
interface ConnectContext extends AcquisitionContext {
  [ACQUISITION]?: AcquisitionContext | undefined;
  [RECORDED]?: boolean;
}

/**
 * Errors only a connection attempt produces (network, handshake, authentication). mysql2 hands a
 * failed handshake to the queued commands' callbacks and, when all have one and the connection is not
 * pooled, never settles its connect channel; such an error on an operation settles the attempt.
 */
const CONNECT_ERRORS = new Set([
  'ECONNREFUSED',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ECONNRESET',
  'ER_ACCESS_DENIED_ERROR',
  'ER_BAD_DB_ERROR',
  'ER_DBACCESS_DENIED_ERROR',
  'ER_HOST_NOT_PRIVILEGED',
  'ER_HOST_IS_BLOCKED',
  'ER_CON_COUNT_ERROR',
  'ER_NOT_SUPPORTED_AUTH_MODE',
  'HANDSHAKE_NO_SSL_SUPPORT',
]);
/** Unsettled attempts kept at most (a guard: attempts normally settle within connectTimeout). */
const MAX_PENDING_ATTEMPTS = 1000;
interface PoolConnectionLike {
  _pool?: PoolLike | null;
  config?: { pool?: PoolLike };
  _handshakePacket?: { serverVersion?: unknown } | null;
}

const EVENTS = ['start', 'end', 'asyncStart'] as const;
type Subscribers = {
  start?: (message: unknown) => void;
  end?: (message: unknown) => void;
  asyncStart?: (message: unknown) => void;
};

export class ChannelSubscriber {
  private readonly subscriptions: [diagnosticsChannel.TracingChannel<unknown, object>, Subscribers][];
  /** The pool acquisition running synchronously right now: a connection created in it is pooled. */
  private acquisition: AcquisitionContext | undefined = undefined;
  /** Unpooled connection attempts not settled yet. */
  private readonly pendingAttempts = new Set<ConnectContext>();
  /** Errors already charged to an attempt: mysql2 gives the same error to every queued command. */
  private readonly chargedErrors = new WeakSet<object>();

  constructor(metrics: () => Mysql2Events | undefined) {
    // Every subscriber catches its own errors: node re-throws a subscriber's exception on the next
    // tick, where it would crash the app. Inline try/catch, not `guarded`, on the per-query ones.
    const stamp = (message: unknown): void => {
      try {
        (message as Settled)[STARTED_AT] = monotonicMs();
      } catch (error) {
        log.errorOnce('mysql2: query start', error);
      }
    };
    const operationSettled = (message: unknown): void => {
      try {
        const context = message as OperationContext;
        const startedAt = context[STARTED_AT];
        const m = metrics();
        if (startedAt === undefined || m === undefined) return;
        const target = m.target(context.database, context.serverAddress, context.serverPort);
        if (context.error && this.pendingAttempts.size > 0) this.connectFailed(m, context);
        m.operation(target, context.query, (monotonicMs() - startedAt) / 1000, context.error, context.result);
      } catch (error) {
        log.errorOnce('mysql2: recording a query', error);
      }
    };
    const operation: Subscribers = { start: stamp, asyncStart: operationSettled };

    const acquisition: Subscribers = {
      start: guarded('mysql2: pool acquisition start', (message: unknown) => {
        const context = message as AcquisitionContext;
        context[STARTED_AT] = monotonicMs();
        context[PREVIOUS] = this.acquisition;
        this.acquisition = context;
      }),
      end: guarded('mysql2: pool acquisition end', (message: unknown) => {
        if (this.acquisition === message) this.acquisition = (message as AcquisitionContext)[PREVIOUS];
      }),
      asyncStart: guarded('mysql2: recording a pool acquisition', (message: unknown) => {
        const context = message as AcquisitionContext;
        const startedAt = context[STARTED_AT];
        const m = metrics();
        if (startedAt === undefined || m === undefined || context.error) return;
        const connection = context.result as PoolConnectionLike | undefined;
        const pool = connection?._pool ?? connection?.config?.pool;
        if (!pool) return;
        // The connect channel learns the server a microtask later; the pool needs it now.
        const handshake = connection!._handshakePacket;
        if (handshake) m.learnServer(context.serverAddress, context.serverPort, handshake.serverVersion);
        m.poolWait(pool, (monotonicMs() - startedAt) / 1000);
      }),
    };

    const connect: Subscribers = {
      start: guarded('mysql2: connection start', (message: unknown) => {
        const context = message as ConnectContext;
        context[STARTED_AT] = monotonicMs();
        context[ACQUISITION] = this.acquisition;
        if (context[ACQUISITION] === undefined) {
          if (this.pendingAttempts.size >= MAX_PENDING_ATTEMPTS) this.pendingAttempts.clear();
          this.pendingAttempts.add(context);
        }
      }),
      asyncStart: guarded('mysql2: recording a connection', (message: unknown) => {
        const context = message as ConnectContext;
        const startedAt = context[STARTED_AT];
        const m = metrics();
        this.pendingAttempts.delete(context);
        if (startedAt === undefined || m === undefined || context[RECORDED]) return;
        const acquired = context[ACQUISITION];
        let pool: RegisteredPool | undefined;
        if (acquired !== undefined) {
          const connection = acquired.result as PoolConnectionLike | undefined;
          const driverPool = connection?._pool ?? connection?.config?.pool;
          pool = driverPool
            ? m.pool(driverPool)
            : m.unnamedPool(acquired.serverAddress, acquired.serverPort, acquired.database);
        }
        const handshake = context.result as { serverVersion?: unknown } | undefined;
        m.connection(
          context.serverAddress,
          context.serverPort,
          pool,
          (monotonicMs() - startedAt) / 1000,
          context.error,
          handshake?.serverVersion,
        );
      }),
    };

    this.subscriptions = [
      [diagnosticsChannel.tracingChannel(QUERY_CHANNEL), operation],
      [diagnosticsChannel.tracingChannel(EXECUTE_CHANNEL), operation],
      [diagnosticsChannel.tracingChannel(POOL_CONNECT_CHANNEL), acquisition],
      [diagnosticsChannel.tracingChannel(CONNECT_CHANNEL), connect],
    ];
  }

  /** An operation failed with a connect error: charge it to a pending attempt to the same server. */
  private connectFailed(m: Mysql2Events, operation: OperationContext): void {
    const error = operation.error as { code?: unknown };
    if (
      typeof error !== 'object' ||
      error === null ||
      !CONNECT_ERRORS.has(error.code as string) ||
      this.chargedErrors.has(error)
    )
      return;
    for (const attempt of this.pendingAttempts) {
      if (attempt.serverAddress !== operation.serverAddress || attempt.serverPort !== operation.serverPort) continue;
      this.chargedErrors.add(error);
      this.pendingAttempts.delete(attempt);
      attempt[RECORDED] = true;
      m.connection(
        attempt.serverAddress,
        attempt.serverPort,
        undefined,
        (monotonicMs() - attempt[STARTED_AT]!) / 1000,
        error,
        undefined,
      );
      return;
    }
  }

  // Per event rather than TracingChannel#subscribe, which wants a handler for all five events.
  subscribe(): void {
    for (const [channel, subscribers] of this.subscriptions) {
      for (const event of EVENTS) {
        const handler = subscribers[event];
        if (handler !== undefined) channel[event].subscribe(handler);
      }
    }
  }

  unsubscribe(): void {
    for (const [channel, subscribers] of this.subscriptions) {
      for (const event of EVENTS) {
        const handler = subscribers[event];
        if (handler !== undefined) channel[event].unsubscribe(handler);
      }
    }
  }
}
