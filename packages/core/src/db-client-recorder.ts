import { log } from './log';
import type { Attributes } from '@opentelemetry/api';
import {
  DB_CLIENT_CACHE_LOOKUPS,
  DB_CLIENT_CONNECTION_CREATE_TIME,
  DB_CLIENT_CONNECTION_MAX,
  DB_CLIENT_CONNECTION_PENDING_REQUESTS,
  DB_CLIENT_CONNECTION_WAIT_TIME,
  DB_CLIENT_CONNECTIONS,
  DB_CLIENT_OPERATION_DURATION,
  DB_CLIENT_RESPONSE_RETURNED_ROWS,
} from './metrics';
import type { HistogramCell, Instrument, MetricSink, SumCell } from './sink';

/** OpenTelemetry `db.system.name` values the layers use (knex's pool can be any SQL database knex drives). */
export type DbSystemName =
  | 'postgresql'
  | 'mysql'
  | 'mariadb'
  | 'redis'
  | 'sqlite'
  | 'cockroachdb'
  | 'aws.redshift'
  | 'microsoft.sql_server'
  | 'oracle.db'
  | 'other_sql';

/**
 * What an operation did, as a layer's summarizer names it: the SQL summarizer for SQL, the command
 * name for Redis. Interned by the summarizer; `key` identifies it for the recorder's series cache.
 */
export interface DbOperationSummary {
  readonly key: string;
  readonly operation: string;
  readonly collection: string | undefined;
}

/** Where operations go: one per database server and namespace, resolved once per connection. */
export interface DbTarget {
  readonly system: DbSystemName;
  readonly namespace: string | undefined;
  readonly serverAddress: string | undefined;
  readonly serverPort: number | undefined;
}

interface OperationSeries {
  readonly duration: HistogramCell;
  /** Created on the first operation that reports rows, so Redis commands and writes leave no empty series. */
  rows: HistogramCell | undefined;
  /** Hit and miss cells of a cache read command, on its first lookup. */
  lookups: { hit: SumCell; miss: SumCell } | undefined;
}

class TargetSeries {
  /** Successful operations by summary key. */
  readonly ok = new Map<string, OperationSeries>();
  /** Failed operations by summary key, then error type. */
  readonly failed = new Map<string, Map<string, HistogramCell>>();
  /**
   * The last successful summary and its cells: apps repeat statements in runs (a loop, a page's
   * queries), and one identity comparison is cheaper than the Map lookup it saves.
   */
  lastSummary: DbOperationSummary | undefined = undefined;
  lastCells: OperationSeries | undefined = undefined;
  constructor(readonly tables: Set<string>) {}
}

/** A target as the recorder makes it: its series hang off it, so no lookup finds them. */
interface RecordedTarget extends DbTarget {
  readonly series: TargetSeries;
}

/**
 * Cells of `db.client.connection.create_time` for one pool or client address, each made on its
 * first record, so that a pool whose connections are counted elsewhere shows no empty series.
 */
class ConnectionCreateCells {
  private readonly errors = new Map<string, HistogramCell>();
  private okCell: HistogramCell | undefined = undefined;
  constructor(
    private readonly instrument: Instrument<HistogramCell>,
    private readonly attributes: Attributes,
  ) {}
  /** The cell for a successful attempt. */
  ok(): HistogramCell {
    return (this.okCell ??= this.instrument.cell(this.attributes));
  }
  /** The cell for a failed attempt with this error type. */
  failed(errorType: string): HistogramCell {
    let cell = this.errors.get(errorType);
    if (cell === undefined) {
      cell = this.instrument.cell({ ...this.attributes, 'error.type': errorType });
      this.errors.set(errorType, cell);
    }
    return cell;
  }
}

/**
 * A pool as the recorder knows it, from `registerPool` until it is closed or collected: layers
 * keep it (on the driver's pool, in a private slot) and hand it back with each wait.
 */
export interface RegisteredPool {
  readonly system: DbSystemName;
  readonly name: string;
}

class PoolRegistration implements RegisteredPool {
  closed = false;
  /** The wait_time cell, made on the first wait (a pool that never waits shows no empty series). */
  waitCell: HistogramCell | undefined = undefined;
  constructor(
    readonly system: DbSystemName,
    readonly name: string,
    /** The driver's pool, weakly: a pool the app drops without closing it is collected, gauges and all. */
    readonly ref: WeakRef<object>,
    readonly read: (pool: never) => PoolState | undefined,
    readonly create: ConnectionCreateCells,
  ) {}
}

/** What a pool reports when scraped. */
export interface PoolState {
  idle: number;
  used: number;
  max: number;
  pending: number;
}

/** Distinct `db.collection.name` values kept per database (system and namespace); beyond it `_OTHER`. */
export const MAX_TABLES_PER_DATABASE = 200;
const OTHER_TABLE = '_OTHER';

/**
 * Records the database client metrics every data layer shares (pg, mysql2, ioredis, knex's pool):
 * one family per metric whatever the driver. Layers hand it plain strings and numbers (a target,
 * a summary, seconds, an error type from core's `errorType`) and never see a cell. Per operation
 * the cost is one identity comparison or Map lookup with an interned key and one histogram record;
 * attribute objects are built only the first time a series is seen.
 */
export class DbClientRecorder {
  private readonly duration: Instrument<HistogramCell>;
  private readonly rows: Instrument<HistogramCell>;
  private readonly createTime: Instrument<HistogramCell>;
  private readonly waitTime: Instrument<HistogramCell>;
  private readonly lookups: Instrument<SumCell>;
  private readonly targets = new Map<string, DbTarget>();
  /** Tables seen per database (`system\0namespace`), shared by that database's targets. */
  private readonly tablesByDatabase = new Map<string, Set<string>>();
  private readonly createCells = new Map<string, ConnectionCreateCells>();
  private readonly lookupCells = new Map<string, { hit: SumCell; miss: SumCell }>();
  private readonly pools = new Set<PoolRegistration>();

  constructor(sink: MetricSink, durationBuckets?: readonly number[]) {
    this.duration = sink.histogram(DB_CLIENT_OPERATION_DURATION, durationBuckets);
    this.rows = sink.histogram(DB_CLIENT_RESPONSE_RETURNED_ROWS);
    this.createTime = sink.histogram(DB_CLIENT_CONNECTION_CREATE_TIME);
    this.waitTime = sink.histogram(DB_CLIENT_CONNECTION_WAIT_TIME);
    this.lookups = sink.counter(DB_CLIENT_CACHE_LOOKUPS);
    const each = (emit: (state: PoolState, attributes: Attributes) => void) => {
      for (const pool of this.pools) {
        const live = pool.ref.deref();
        if (live === undefined) {
          this.closePool(pool);
          continue;
        }
        const state = pool.read(live as never);
        if (state) emit(state, { 'db.system.name': pool.system, 'db.client.connection.pool.name': pool.name });
      }
    };
    // Registered for the life of the recorder, which lives as long as its sink (one per sink).
    sink.gauge(DB_CLIENT_CONNECTIONS, (observe) =>
      each((state, attributes) => {
        observe(state.idle, { ...attributes, 'db.client.connection.state': 'idle' });
        observe(state.used, { ...attributes, 'db.client.connection.state': 'used' });
      }),
    );
    sink.gauge(DB_CLIENT_CONNECTION_MAX, (observe) =>
      each((state, attributes) => {
        if (state.max >= 0) observe(state.max, attributes);
      }),
    );
    sink.gauge(DB_CLIENT_CONNECTION_PENDING_REQUESTS, (observe) =>
      each((state, attributes) => {
        if (state.pending >= 0) observe(state.pending, attributes);
      }),
    );
  }

  /** Interns a target. Cold: call once per connection or pool and keep the result. */
  target(
    system: DbSystemName,
    namespace: string | undefined,
    serverAddress: string | undefined,
    serverPort: number | undefined,
  ): DbTarget {
    const key = `${system}\0${namespace ?? ''}\0${serverAddress ?? ''}\0${serverPort ?? ''}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      const databaseKey = `${system}\0${namespace ?? ''}`;
      let tables = this.tablesByDatabase.get(databaseKey);
      if (tables === undefined) {
        tables = new Set();
        this.tablesByDatabase.set(databaseKey, tables);
      }
      const recorded: RecordedTarget = Object.freeze({
        system,
        namespace,
        serverAddress,
        serverPort,
        series: new TargetSeries(tables),
      });
      target = recorded;
      this.targets.set(key, target);
    }
    return target;
  }

  /**
   * One finished operation. `rows` is the number of rows returned, or -1 when the driver does not
   * say (writes, Redis); `errorType` (from core's `errorType`) is undefined on success.
   */
  operation(
    target: DbTarget,
    summary: DbOperationSummary,
    durationSeconds: number,
    errorType: string | undefined,
    rows: number,
  ): void {
    // Targets come only from target(), so they carry their series.
    const series = (target as RecordedTarget).series;
    if (errorType === undefined) {
      let cells = series.lastSummary === summary ? series.lastCells! : series.ok.get(summary.key);
      if (cells === undefined) {
        cells = {
          duration: this.duration.cell(operationAttributes(target, summary, series)),
          rows: undefined,
          lookups: undefined,
        };
        series.ok.set(summary.key, cells);
      }
      series.lastSummary = summary;
      series.lastCells = cells;
      cells.duration.record(durationSeconds);
      if (rows >= 0) (cells.rows ??= this.rows.cell(rowsAttributes(target, summary, series))).record(rows);
      return;
    }
    let byError = series.failed.get(summary.key);
    if (byError === undefined) {
      byError = new Map();
      series.failed.set(summary.key, byError);
    }
    let cell = byError.get(errorType);
    if (cell === undefined) {
      cell = this.duration.cell({ ...operationAttributes(target, summary, series), 'error.type': errorType });
      byError.set(errorType, cell);
    }
    cell.record(durationSeconds);
  }

  /**
   * Hits and misses of a cache read that just succeeded (call right after its `operation`): a
   * Redis GET that found its key is a hit, a nil reply a miss.
   */
  cacheLookups(target: DbTarget, summary: DbOperationSummary, hits: number, misses: number): void {
    const series = (target as RecordedTarget).series;
    const cells = series.lastSummary === summary ? series.lastCells! : series.ok.get(summary.key);
    if (cells === undefined) return;
    const lookups = (cells.lookups ??= this.lookupCellsOf(target.system, summary.operation));
    if (hits > 0) lookups.hit.add(hits);
    if (misses > 0) lookups.miss.add(misses);
  }

  private lookupCellsOf(system: DbSystemName, operation: string): { hit: SumCell; miss: SumCell } {
    const key = `${system}\0${operation}`;
    let cells = this.lookupCells.get(key);
    if (cells === undefined) {
      const attributes = { 'db.system.name': system, 'db.operation.name': operation };
      cells = {
        hit: this.lookups.cell({ ...attributes, 'cache.result': 'hit' }),
        miss: this.lookups.cell({ ...attributes, 'cache.result': 'miss' }),
      };
      this.lookupCells.set(key, cells);
    }
    return cells;
  }

  /**
   * One connection attempt of a pool (`pool`, from registerPool) or of an unpooled client to
   * `serverAddress`; `errorType` undefined when it succeeded. Attempts are rare: nothing to keep.
   */
  connectionAttempt(
    system: DbSystemName,
    pool: RegisteredPool | undefined,
    serverAddress: string | undefined,
    seconds: number,
    errorType: string | undefined,
  ): void {
    const cells =
      pool !== undefined ? (pool as PoolRegistration).create : this.createCellsOf(system, undefined, serverAddress);
    (errorType === undefined ? cells.ok() : cells.failed(errorType)).record(seconds);
  }

  private createCellsOf(
    system: DbSystemName,
    poolName: string | undefined,
    serverAddress: string | undefined,
  ): ConnectionCreateCells {
    const key = `${system}\0${poolName ?? ''}\0${serverAddress ?? ''}`;
    let cells = this.createCells.get(key);
    if (cells === undefined) {
      const attributes: Attributes = { 'db.system.name': system };
      if (poolName !== undefined) attributes['db.client.connection.pool.name'] = poolName;
      if (serverAddress !== undefined) attributes['server.address'] = serverAddress;
      cells = new ConnectionCreateCells(this.createTime, attributes);
      this.createCells.set(key, cells);
    }
    return cells;
  }

  /** A request that waited `seconds` for a connection of `pool` got one. */
  poolWait(pool: RegisteredPool, seconds: number): void {
    const registration = pool as PoolRegistration;
    (registration.waitCell ??= this.waitTime.cell({
      'db.system.name': registration.system,
      'db.client.connection.pool.name': registration.name,
    })).record(seconds);
  }

  /**
   * Reports `pool`'s state (`read(pool)`) at every scrape until `closePool` or until the pool is
   * garbage-collected: the recorder holds it weakly. `read` returns undefined to skip a scrape;
   * `max` or `pending` of -1 leaves that gauge out. `serverAddress` labels its connection attempts.
   */
  registerPool<Pool extends object>(
    system: DbSystemName,
    name: string,
    serverAddress: string | undefined,
    pool: Pool,
    read: (pool: Pool) => PoolState | undefined,
  ): RegisteredPool {
    const registration = new PoolRegistration(
      system,
      name,
      new WeakRef(pool),
      read as (pool: never) => PoolState | undefined,
      this.createCellsOf(system, name, serverAddress),
    );
    this.pools.add(registration);
    return registration;
  }

  /**
   * A pool known only by its name (a driver that reports a failed first connection of a pool
   * without the pool object): its waits and attempts are recorded, no gauges. Interned by name.
   */
  unobservedPool(system: DbSystemName, name: string, serverAddress: string | undefined): RegisteredPool {
    const key = `${system}\0${name}\0${serverAddress ?? ''}`;
    let pool = this.unobserved.get(key);
    if (pool === undefined) {
      pool = new PoolRegistration(
        system,
        name,
        new WeakRef(this),
        () => undefined,
        this.createCellsOf(system, name, serverAddress),
      );
      pool.closed = true;
      this.unobserved.set(key, pool);
    }
    return pool;
  }
  private readonly unobserved = new Map<string, PoolRegistration>();

  /** Stops reporting a pool's gauges (it ended); its waits and attempts may still be recorded. */
  closePool(pool: RegisteredPool): void {
    (pool as PoolRegistration).closed = true;
    this.pools.delete(pool as PoolRegistration);
  }

  /** True once `closePool` ran for it (or it was collected). */
  isClosed(pool: RegisteredPool): boolean {
    return (pool as PoolRegistration).closed;
  }
}

function rowsAttributes(target: DbTarget, summary: DbOperationSummary, series: TargetSeries): Attributes {
  const attributes: Attributes = { 'db.system.name': target.system, 'db.operation.name': summary.operation };
  if (target.namespace !== undefined) attributes['db.namespace'] = target.namespace;
  if (summary.collection !== undefined)
    attributes['db.collection.name'] = boundedTable(target, summary.collection, series.tables);
  return attributes;
}

function operationAttributes(target: DbTarget, summary: DbOperationSummary, series: TargetSeries): Attributes {
  const attributes = rowsAttributes(target, summary, series);
  if (target.serverAddress !== undefined) attributes['server.address'] = target.serverAddress;
  if (target.serverPort !== undefined) attributes['server.port'] = target.serverPort;
  return attributes;
}

/**
 * Table names come from the app's SQL, and so can come from its data (a table per customer, a
 * generated name): the first MAX_TABLES_PER_DATABASE distinct ones of a database keep their name,
 * later ones are `_OTHER`, with one warning naming the database. Cold: runs when a series is made.
 */
function boundedTable(target: DbTarget, table: string, tables: Set<string>): string {
  if (tables.has(table)) return table;
  if (tables.size < MAX_TABLES_PER_DATABASE) {
    tables.add(table);
    return table;
  }
  log.warnOnce(
    `tables ${target.system} ${target.namespace ?? ''}`,
    `more than ${MAX_TABLES_PER_DATABASE} distinct tables in ${target.system} database ${JSON.stringify(target.namespace ?? '')}; further tables are recorded as db_collection_name="${OTHER_TABLE}".`,
  );
  return OTHER_TABLE;
}

const recorders = new WeakMap<MetricSink, DbClientRecorder>();

/**
 * The recorder of a sink, shared by every data layer writing to it so their caches are shared too.
 * `durationBuckets` (NODEPROM_DB_DURATION_BUCKETS) applies when the first layer creates it.
 */
export function dbClientRecorder(sink: MetricSink, durationBuckets?: readonly number[]): DbClientRecorder {
  let recorder = recorders.get(sink);
  if (recorder === undefined) {
    recorder = new DbClientRecorder(sink, durationBuckets);
    recorders.set(sink, recorder);
  }
  return recorder;
}
