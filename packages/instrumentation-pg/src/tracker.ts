import {
  log,
  poolName,
  summarizeSql as coreSummarizeSql,
  type ConnectionCreateCells,
  type DbClientRecorder,
  type DbTarget,
  type HistogramCell,
  type PoolState,
  monotonicMs as coreMonotonicMs,
} from '@nodeprom/core';
import { pgErrorType } from './error-type';
import { connectionParametersClass } from './hook';
import {
  STARTED_AT,
  SUMMARY,
  TARGET,
  type ConnectCallback,
  type ConnectionSettings,
  type PgClient,
  type PgEvents,
  type PgPool,
  type PgQuery,
  type PgResult,
  type QueryConfig,
  type Submittable,
} from './types';

// Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock).
const monotonicMs = coreMonotonicMs;
const summarizeSql = coreSummarizeSql;

const SYSTEM = 'postgresql';
/** The pool option that names a pool in the metrics. */
export const POOL_NAME_OPTION = 'nodepromPoolName';

const CLIENT_TARGET = Symbol('nodeprom.pg.clientTarget');
const CLIENT_TRACKER = Symbol('nodeprom.pg.clientTracker');
const POOL_RECORD = Symbol('nodeprom.pg.pool');

interface PoolRecord {
  readonly tracker: PgTracker;
  /** The pool, weakly: the record hangs off the pool, so it must not keep it alive. */
  readonly ref: WeakRef<PgPool>;
  readonly wait: HistogramCell;
  readonly create: ConnectionCreateCells;
  readonly unregister: () => void;
}

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

/**
 * Turns what the patches report into recordings on core's shared recorder. One per recorder (the
 * layer makes a new one when its sink changes); state kept on pg's objects is tagged with it.
 */
export class PgTracker implements PgEvents {
  /** Weakly held: a pool the app drops without end() is collected, and its gauges go with it. */
  private readonly pools = new Set<WeakRef<PgPool>>();

  constructor(private readonly recorder: DbClientRecorder) {}

  queryStarted(query: Submittable, client: PgClient, config: QueryConfig): void {
    try {
      // Written in this order every time, so pg's Query objects keep one shape.
      query[TARGET] = this.clientTarget(client);
      query[SUMMARY] = summarizeSql(sqlOf(client, config));
      query[STARTED_AT] = monotonicMs();
    } catch (error) {
      query[TARGET] = undefined;
      log.errorOnce('pg: starting a query', error);
    }
  }

  queryDone(query: Submittable): void {
    const target = query[TARGET];
    if (target === undefined) return;
    query[TARGET] = undefined;
    try {
      const seconds = (monotonicMs() - query[STARTED_AT]!) / 1000;
      this.recorder.operation(target, query[SUMMARY]!, seconds, undefined, returnedRows(query));
    } catch (error) {
      log.errorOnce('pg: recording a query', error);
    }
  }

  queryFailed(query: Submittable, failure: unknown): void {
    const target = query[TARGET];
    if (target === undefined) return;
    query[TARGET] = undefined;
    try {
      const seconds = (monotonicMs() - query[STARTED_AT]!) / 1000;
      this.recorder.operation(target, query[SUMMARY]!, seconds, pgErrorType(failure), -1);
    } catch (error) {
      log.errorOnce('pg: recording a failed query', error);
    }
  }

  connecting(client: PgClient, pool: PgPool | undefined, callback: ConnectCallback): ConnectCallback {
    let cells: ConnectionCreateCells | undefined;
    try {
      if (pool !== undefined) {
        cells = this.poolRecord(pool)?.create;
      } else {
        const address = text((client.connectionParameters ?? client).host);
        cells = this.recorder.connectionCreate(SYSTEM, undefined, address);
      }
    } catch (error) {
      log.errorOnce('pg: starting a connection', error);
    }
    if (cells === undefined) return callback;
    const startedAt = monotonicMs();
    let settled = false;
    // One closure per connection attempt: connections are few, and the callback must be pg's own.
    return function connected(this: unknown, error: unknown) {
      if (!settled) {
        settled = true;
        try {
          const seconds = (monotonicMs() - startedAt) / 1000;
          if (error) cells.failed(pgErrorType(error)).record(seconds);
          else cells.ok.record(seconds);
        } catch (failure) {
          log.errorOnce('pg: recording a connection', failure);
        }
      }
      // eslint-disable-next-line prefer-rest-params -- passes the call through without a rest array
      return callback.apply(this, arguments as unknown as [unknown, unknown?]);
    };
  }

  poolConnecting(pool: PgPool): void {
    try {
      this.poolRecord(pool);
    } catch (error) {
      log.errorOnce('pg: registering a pool', error);
    }
  }

  poolAcquired(pool: PgPool, startedAt: number): void {
    try {
      this.poolRecord(pool)?.wait.record((monotonicMs() - startedAt) / 1000);
    } catch (error) {
      log.errorOnce('pg: recording a pool wait', error);
    }
  }

  poolEnding(pool: PgPool): void {
    try {
      const record = pool[POOL_RECORD] as PoolRecord | undefined;
      if (record !== undefined) {
        record.unregister();
        this.pools.delete(record.ref);
      }
    } catch (error) {
      log.errorOnce('pg: unregistering a pool', error);
    }
  }

  /** Stops reporting every pool's gauges (the layer is disabled or its sink replaced). */
  close(): void {
    for (const ref of this.pools) {
      const pool = ref.deref();
      if (pool === undefined) continue;
      (pool[POOL_RECORD] as PoolRecord | undefined)?.unregister();
      pool[POOL_RECORD] = undefined;
    }
    this.pools.clear();
  }

  private clientTarget(client: PgClient): DbTarget {
    if (client[CLIENT_TRACKER] === this) return client[CLIENT_TARGET] as DbTarget;
    const settings: ConnectionSettings = client.connectionParameters ?? client;
    const target = this.recorder.target(SYSTEM, text(settings.database), text(settings.host), port(settings.port));
    client[CLIENT_TARGET] = target;
    client[CLIENT_TRACKER] = this;
    return target;
  }

  /** The pool's record, registering the pool on first use; undefined once it is ending. */
  private poolRecord(pool: PgPool): PoolRecord | undefined {
    const existing = pool[POOL_RECORD] as PoolRecord | undefined;
    if (existing !== undefined && existing.tracker === this) return existing;
    if (pool.ending === true) return undefined;
    existing?.unregister();
    const settings = poolSettings(pool);
    const name = nameOf(pool, settings);
    const ref = new WeakRef(pool);
    const record: PoolRecord = {
      tracker: this,
      ref,
      wait: this.recorder.connectionWait(SYSTEM, name),
      create: this.recorder.connectionCreate(SYSTEM, name, text(settings.host)),
      unregister: this.recorder.observePool(SYSTEM, name, () => {
        const live = ref.deref();
        if (live !== undefined) return poolState(live);
        record.unregister();
        this.pools.delete(ref);
        return undefined;
      }),
    };
    pool[POOL_RECORD] = record;
    this.pools.add(ref);
    return record;
  }
}

function poolState(pool: PgPool): PoolState | undefined {
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

/** The pool's host, port and database as pg resolves them (config, connection string, PG* variables, defaults). */
function poolSettings(pool: PgPool): ConnectionSettings {
  const ConnectionParameters = connectionParametersClass();
  if (ConnectionParameters !== undefined) {
    try {
      return new ConnectionParameters(pool.options);
    } catch {
      // Settings pg itself would reject when connecting: name the pool from the options as given.
    }
  }
  return pool.options as ConnectionSettings;
}

function nameOf(pool: PgPool, settings: ConnectionSettings): string {
  return poolName(pool.options[POOL_NAME_OPTION], `the pg pool option ${POOL_NAME_OPTION}`, text(settings.host) ?? 'localhost', port(settings.port) ?? 5432, text(settings.database));
}
