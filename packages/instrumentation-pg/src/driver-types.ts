/*
 * The parts of pg and pg-pool this layer touches, typed from their source (pg 8.x, pg-pool 3.x):
 * pg ships no types of its own and @types/pg describes the public API, not these internals.
 * nodeprom's own state on these objects lives in private slots (see events.ts), never in properties.
 */

/** A query object pg's client runs: its own Query, pg-cursor, pg-query-stream or any Submittable. */
export interface Submittable {
  submit(connection: unknown): unknown;
  handleReadyForQuery(connection: unknown): unknown;
  handleError(error: unknown, connection: unknown): unknown;
  text?: unknown;
  name?: unknown;
  cursor?: { text?: unknown };
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
}

/** pg-pool's PendingItem: one request for a client, queued while the pool is at its max. */
export interface PendingItem {
  timedOut?: boolean;
}
