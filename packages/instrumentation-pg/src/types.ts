/*
 * The parts of pg and pg-pool this layer touches, typed from their source (pg 8.x, pg-pool 3.x):
 * pg ships no types of its own and @types/pg describes the public API, not these internals.
 */
import type { DbOperationSummary, DbTarget } from '@nodeprom/core';

/** Per-operation state, written on the query object when it starts. */
export const TARGET = Symbol('nodeprom.pg.target');
export const SUMMARY = Symbol('nodeprom.pg.summary');
export const STARTED_AT = Symbol('nodeprom.pg.startedAt');

export interface OperationState {
  [TARGET]?: DbTarget | undefined;
  [SUMMARY]?: DbOperationSummary;
  [STARTED_AT]?: number;
}

/** A query object pg's client runs: its own Query, pg-cursor, pg-query-stream or any Submittable. */
export interface Submittable extends OperationState {
  submit(connection: unknown): unknown;
  handleReadyForQuery(connection: unknown): unknown;
  handleError(error: unknown, connection: unknown): unknown;
  text?: unknown;
  name?: unknown;
  cursor?: { text?: unknown };
  [key: symbol]: unknown;
}

/** pg's Query (pg/lib/query.js). */
export interface PgQuery extends Submittable {
  _canceledDueToError?: unknown;
  _results?: PgResult | PgResult[];
}

export interface PgResult {
  rowCount: number | null;
  rows: unknown[];
  fields: unknown[];
}

/** What Client#query accepts first: SQL text, a config object or a Submittable. */
export type QueryConfig = string | { text?: unknown; name?: unknown } | Submittable;

export interface ConnectionSettings {
  host?: unknown;
  port?: unknown;
  database?: unknown;
}

export type ConnectCallback = (this: unknown, error: unknown, client?: unknown) => unknown;

/** pg's Client (pg/lib/client.js). */
export interface PgClient extends ConnectionSettings {
  connectionParameters?: ConnectionSettings;
  connection?: { parsedStatements?: Record<string, unknown> };
  _connecting?: boolean;
  _connected?: boolean;
  query(config: unknown, values: unknown, callback: unknown): unknown;
  _connect(callback: ConnectCallback): unknown;
  [key: symbol]: unknown;
}

/** pg-pool's Pool. */
export interface PgPool {
  options: Record<string, unknown> & { max?: number };
  ending?: boolean;
  ended?: boolean;
  readonly idleCount: number;
  readonly totalCount: number;
  readonly waitingCount: number;
  _pendingQueue?: unknown[];
  connect(callback?: unknown): unknown;
  newClient(pendingItem: unknown): unknown;
  _acquireClient(client: unknown, pendingItem: unknown, ...rest: unknown[]): unknown;
  end(callback?: unknown): unknown;
  [key: symbol]: unknown;
}

/** What the patches in hook.ts report. Implementations never throw. */
export interface PgEvents {
  /** `query` is about to run on `client`; `config` is what the app passed to Client#query. */
  queryStarted(query: Submittable, client: PgClient, config: QueryConfig): void;
  queryDone(query: Submittable): void;
  queryFailed(query: Submittable, error: unknown): void;
  /** A connection attempt starts; returns the callback to hand pg in place of `callback`. */
  connecting(client: PgClient, pool: PgPool | undefined, callback: ConnectCallback): ConnectCallback;
  /** A request for a pool client starts (the pool is registered on the first). */
  poolConnecting(pool: PgPool): void;
  /** A request that started at `startedAt` (monotonicMs()) got its client. */
  poolAcquired(pool: PgPool, startedAt: number): void;
  poolEnding(pool: PgPool): void;
}
