import {
  log,
  poolName,
  givenPoolName,
  type DbClientRecorder,
  type DbOperationSummary,
  type DbTarget,
  type PoolState,
  type RegisteredPool,
} from '@nodeprom/core';
import { errorType, monotonicMs, privateSlot, sqlSummarizer } from '@nodeprom/core/hot';
import type {
  ConnectCallback,
  ConnectionSettings,
  PgClient,
  PgPool,
  PgQuery,
  PgResult,
  QueryConfig,
  Submittable,
} from './driver-types';

/*
 * pg's calls, as the patches in hook.ts see them, turned into normalized events on core's
 * DbClientRecorder: an operation (target, summary, seconds, error type, rows), a connection
 * attempt, a pool wait, a pool registered with the function that reads its state. No metric code
 * here: the recorder owns every cell.
 */

const SYSTEM = 'postgresql';
const summarizeSql = sqlSummarizer('postgresql');

/** The pool option that names a pool, kept as an alias of core's `namePool(pool, name)`. */
export const POOL_NAME_OPTION = 'nodepromPoolName';

/**
 * pg's and pg-pool's client-side failures carry no code: a fixed type by the fixed message each is
 * known to have (pg 8.x, pg-pool 3.x). Everything else goes to core's classifier (SQLSTATE, node
 * codes, class names).
 */
const CLIENT_FAILURES: readonly (readonly [RegExp, string])[] = [
  [/^Query read timeout$/, 'timeout'],
  [/^timeout expired$/, 'timeout'],
  [/^timeout exceeded when trying to connect$/, 'timeout'],
  [/^Connection terminated due to connection timeout$/, 'timeout'],
  [/^Connection terminated/, 'connection_terminated'],
  [/^Client was closed and is not queryable$/, 'client_closed'],
  [/^Client has encountered a connection error and is not queryable$/, 'connection_error'],
];

function knownFailure(error: object): string | undefined {
  if (typeof (error as { code?: unknown }).code === 'string') return undefined;
  const message = (error as { message?: unknown }).message;
  if (typeof message !== 'string') return undefined;
  for (const [pattern, type] of CLIENT_FAILURES) if (pattern.test(message)) return type;
  return undefined;
}

/** `error.type` of a failed pg operation or connection attempt. */
export function pgErrorType(error: unknown): string {
  return errorType(error, knownFailure);
}

interface ClientState {
  readonly events: PgEvents;
  readonly target: DbTarget;
}
interface PoolRecord {
  readonly events: PgEvents;
  readonly registered: RegisteredPool | undefined;
}

/** nodeprom's state on pg's objects, out of the app's sight (see core's private-slot). */
const clientState = privateSlot<ClientState>();
const poolRecord = privateSlot<PoolRecord>();

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function port(value: unknown): number | undefined {
  const number = typeof value === 'string' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number > 0 ? number : undefined;
}

/** The SQL a query runs: its text, or for a prepared statement run by name, the text it was prepared with. */
function sqlOf(client: PgClient, config: QueryConfig): string {
  if (typeof config === 'string') return config;
  if (typeof config.text === 'string') return config.text;
  const name = config.name;
  if (typeof name === 'string') {
    const prepared = client.connection?.parsedStatements?.[name];
    if (typeof prepared === 'string') return prepared;
  }
  // pg-query-stream keeps its text on its cursor.
  const cursorText = (config as Submittable).cursor?.text;
  return typeof cursorText === 'string' ? cursorText : '';
}

/**
 * Rows returned: counted only for statements that describe rows (SELECT, SHOW, FETCH, VALUES, any
 * statement with RETURNING), from the count the server reports, or the rows received when it
 * reports none; -1 (not recorded) for statements that return no rows (INSERT, UPDATE, DDL ...)
 * and for Submittables other than pg's Query (cursors and streams fetch rows page by page at the
 * app's pace, and may be closed before the end).
 */
function returnedRows(query: Submittable): number {
  const results = (query as PgQuery)._results;
  if (results === undefined || results === null) return -1;
  if (!Array.isArray(results)) return resultRows(results);
  let total = -1;
  for (const result of results) {
    const rows = resultRows(result);
    if (rows >= 0) total = total < 0 ? rows : total + rows;
  }
  return total;
}

function resultRows(result: PgResult): number {
  if (result.fields === undefined || result.fields.length === 0) return -1;
  return typeof result.rowCount === 'number' ? result.rowCount : result.rows.length;
}

/** One statement in flight: made when it starts, settled once by its query object. */
export class PgOperation {
  private settled = false;
  constructor(
    private readonly recorder: DbClientRecorder,
    private readonly target: DbTarget,
    private readonly summary: DbOperationSummary,
    private readonly startedAt: number,
  ) {}

  done(query: Submittable): void {
    if (this.settled) return;
    this.settled = true;
    try {
      this.recorder.operation(
        this.target,
        this.summary,
        (monotonicMs() - this.startedAt) / 1000,
        undefined,
        returnedRows(query),
      );
    } catch (error) {
      log.errorOnce('pg: recording a query', error);
    }
  }

  failed(failure: unknown): void {
    if (this.settled) return;
    this.settled = true;
    try {
      this.recorder.operation(
        this.target,
        this.summary,
        (monotonicMs() - this.startedAt) / 1000,
        pgErrorType(failure),
        -1,
      );
    } catch (error) {
      log.errorOnce('pg: recording a failed query', error);
    }
  }
}

/**
 * What the patches report to, for one PgInstrumentation and its sink (a new one when the sink
 * changes). Its methods never throw.
 */
export class PgEvents {
  /** Pools this instance registered, to stop their gauges when it is replaced or disabled. */
  private readonly pools = new Set<RegisteredPool>();
  /**
   * The pool last looked up and its record. A pool is looked up twice a query (its request starts,
   * then gets its client) and most apps have one pool: an identity check answers where a slot read
   * costs about 100 instructions (see core's private-slot).
   */
  private lastPool: PgPool | undefined;
  private lastRecord: PoolRecord | undefined;

  constructor(private readonly recorder: DbClientRecorder) {}

  /** `config` is about to run on `client`: the operation to settle when it ends, or undefined. */
  queryStarted(client: PgClient, config: QueryConfig): PgOperation | undefined {
    try {
      return new PgOperation(
        this.recorder,
        this.clientTarget(client),
        summarizeSql(sqlOf(client, config)),
        monotonicMs(),
      );
    } catch (error) {
      log.errorOnce('pg: starting a query', error);
      return undefined;
    }
  }

  /** A connection attempt starts; returns the callback to hand pg in place of `callback`. */
  connecting(client: PgClient, pool: PgPool | undefined, callback: ConnectCallback): ConnectCallback {
    let registered: RegisteredPool | undefined;
    let address: string | undefined;
    try {
      if (pool !== undefined) {
        registered = this.registered(pool);
        if (registered === undefined) return callback;
      } else {
        address = text((client.connectionParameters ?? client).host);
      }
    } catch (error) {
      log.errorOnce('pg: starting a connection', error);
      return callback;
    }
    const recorder = this.recorder;
    const startedAt = monotonicMs();
    let settled = false;
    // One closure per connection attempt: connections are few, and the callback must be pg's own.
    return function connected(this: unknown, error: unknown) {
      if (!settled) {
        settled = true;
        try {
          recorder.connectionAttempt(
            SYSTEM,
            registered,
            address,
            (monotonicMs() - startedAt) / 1000,
            error ? pgErrorType(error) : undefined,
          );
        } catch (failure) {
          log.errorOnce('pg: recording a connection', failure);
        }
      }
      // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
      return callback.apply(this, arguments as unknown as [unknown, unknown?]);
    };
  }

  /** A request for a pool client starts (the pool is registered on the first). */
  poolConnecting(pool: PgPool): void {
    try {
      this.registered(pool);
    } catch (error) {
      log.errorOnce('pg: registering a pool', error);
    }
  }

  /** A request that started at `startedAt` (monotonicMs()) got its client. */
  poolAcquired(pool: PgPool, startedAt: number): void {
    try {
      const registered = this.registered(pool);
      if (registered !== undefined) this.recorder.poolWait(registered, (monotonicMs() - startedAt) / 1000);
    } catch (error) {
      log.errorOnce('pg: recording a pool wait', error);
    }
  }

  poolEnding(pool: PgPool): void {
    try {
      // Not kept alive by the cache once the app is done with it.
      if (pool === this.lastPool) this.lastPool = this.lastRecord = undefined;
      const record = poolRecord.get(pool);
      if (record?.registered !== undefined) {
        record.events.recorder.closePool(record.registered);
        record.events.pools.delete(record.registered);
      }
    } catch (error) {
      log.errorOnce('pg: unregistering a pool', error);
    }
  }

  /** Stops reporting every pool's gauges (the layer is disabled or its sink replaced). */
  close(): void {
    for (const registered of this.pools) this.recorder.closePool(registered);
    this.pools.clear();
    this.lastPool = this.lastRecord = undefined;
  }

  private clientTarget(client: PgClient): DbTarget {
    const state = clientState.get(client);
    if (state !== undefined && state.events === this) return state.target;
    const settings: ConnectionSettings = client.connectionParameters ?? client;
    const target = this.recorder.target(SYSTEM, text(settings.database), text(settings.host), port(settings.port));
    clientState.set(client, { events: this, target });
    return target;
  }

  /** The pool's registration, made on first use; undefined once it is ending. */
  private registered(pool: PgPool): RegisteredPool | undefined {
    let existing = this.lastRecord;
    if (pool !== this.lastPool) {
      existing = poolRecord.get(pool);
      this.lastPool = pool;
      this.lastRecord = existing;
    }
    if (existing !== undefined && existing.events === this) {
      // Closed by close() (the layer was disabled, then enabled again): registered anew below.
      if (existing.registered === undefined || pool.ending === true || !this.recorder.isClosed(existing.registered))
        return existing.registered;
    }
    if (pool.ending === true) return undefined;
    const settings = poolSettings(pool);
    const host = text(settings.host);
    const name = poolName(
      givenPoolName(pool, pool.options[POOL_NAME_OPTION]),
      `the pg pool's name (namePool or the ${POOL_NAME_OPTION} option)`,
      host ?? 'localhost',
      port(settings.port) ?? 5432,
      text(settings.database),
    );
    const registered = this.recorder.registerPool(SYSTEM, name, host, pool, readPool);
    const record = { events: this, registered };
    poolRecord.set(pool, record);
    this.lastRecord = record;
    this.pools.add(registered);
    return registered;
  }
}

function readPool(pool: PgPool): PoolState | undefined {
  if (pool.ended === true) return undefined;
  const idle = pool.idleCount;
  const max = pool.options.max;
  return {
    idle,
    used: pool.totalCount - idle,
    max: typeof max === 'number' && Number.isFinite(max) ? max : -1,
    pending: pool.waitingCount,
  };
}

let connectionParameters: (new (config: unknown) => ConnectionSettings) | undefined;
/** pg's ConnectionParameters class, once the hook saw pg load it (to name pools as pg resolves their settings). */
export function learnConnectionParameters(exports: typeof connectionParameters): typeof connectionParameters {
  connectionParameters = exports;
  return exports;
}

/** The pool's host, port and database as pg resolves them (config, connection string, PG* variables, defaults). */
function poolSettings(pool: PgPool): ConnectionSettings {
  if (connectionParameters !== undefined) {
    try {
      return new connectionParameters(pool.options);
    } catch {
      // Settings pg itself would reject when connecting: name the pool from the options as given.
    }
  }
  return pool.options as ConnectionSettings;
}
