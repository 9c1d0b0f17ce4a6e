import { perSink } from './per-sink';
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

export type DbSystemName = 'postgresql' | 'mysql' | 'mariadb' | 'redis';

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
}

/** A target as the recorder makes it: its series hang off it, so no lookup finds them. */
interface RecordedTarget extends DbTarget {
  readonly series: TargetSeries;
}

/** Cells of `db.client.connection.create_time` for one pool or client address. */
export class ConnectionCreateCells {
  private readonly errors = new Map<string, HistogramCell>();
  readonly ok: HistogramCell;
  constructor(
    private readonly instrument: Instrument<HistogramCell>,
    private readonly attributes: Attributes,
  ) {
    this.ok = instrument.cell(attributes);
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

/** What a pool reports when scraped. */
export interface PoolState {
  idle: number;
  used: number;
  max: number;
  pending: number;
}

/**
 * Records the database client metrics every data layer shares (pg, mysql2, ioredis): one family per
 * metric whatever the driver. Per operation the cost is two Map lookups with interned keys and one
 * histogram record; attribute objects are built only the first time a series is seen.
 */
export class DbClientRecorder {
  private readonly duration: Instrument<HistogramCell>;
  private readonly rows: Instrument<HistogramCell>;
  private readonly createTime: Instrument<HistogramCell>;
  private readonly waitTime: Instrument<HistogramCell>;
  private readonly lookups: Instrument<SumCell>;
  private readonly targets = new Map<string, DbTarget>();
  private readonly createCells = new Map<string, ConnectionCreateCells>();
  private readonly pools = new Set<{ system: DbSystemName; name: string; read: () => PoolState | undefined }>();

  constructor(sink: MetricSink) {
    this.duration = sink.histogram(DB_CLIENT_OPERATION_DURATION);
    this.rows = sink.histogram(DB_CLIENT_RESPONSE_RETURNED_ROWS);
    this.createTime = sink.histogram(DB_CLIENT_CONNECTION_CREATE_TIME);
    this.waitTime = sink.histogram(DB_CLIENT_CONNECTION_WAIT_TIME);
    this.lookups = sink.counter(DB_CLIENT_CACHE_LOOKUPS);
    const each = (emit: (state: PoolState, attributes: Attributes) => void) => {
      for (const pool of this.pools) {
        const state = pool.read();
        if (state) emit(state, { 'db.system.name': pool.system, 'db.client.connection.pool.name': pool.name });
      }
    };
    // Registered for the life of the recorder, which lives as long as its sink (one per sink).
    sink.gauge(DB_CLIENT_CONNECTIONS, (observe) => each((state, attributes) => {
      observe(state.idle, { ...attributes, 'db.client.connection.state': 'idle' });
      observe(state.used, { ...attributes, 'db.client.connection.state': 'used' });
    }));
    sink.gauge(DB_CLIENT_CONNECTION_MAX, (observe) => each((state, attributes) => {
      if (state.max >= 0) observe(state.max, attributes);
    }));
    sink.gauge(DB_CLIENT_CONNECTION_PENDING_REQUESTS, (observe) => each((state, attributes) => {
      if (state.pending >= 0) observe(state.pending, attributes);
    }));
  }

  /** Interns a target. Cold: call once per connection or pool and keep the result. */
  target(system: DbSystemName, namespace: string | undefined, serverAddress: string | undefined, serverPort: number | undefined): DbTarget {
    const key = `${system}\0${namespace ?? ''}\0${serverAddress ?? ''}\0${serverPort ?? ''}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      const recorded: RecordedTarget = Object.freeze({ system, namespace, serverAddress, serverPort, series: new TargetSeries() });
      target = recorded;
      this.targets.set(key, target);
    }
    return target;
  }


  /**
   * One finished operation. `rows` is the number of rows returned, or -1 when the driver does not
   * say (writes, Redis); `errorType` is undefined on success.
   */
  operation(target: DbTarget, summary: DbOperationSummary, durationSeconds: number, errorType: string | undefined, rows: number): void {
    // Targets come only from target(), so they carry their series.
    const series = (target as RecordedTarget).series;
    if (errorType === undefined) {
      let cells = series.lastSummary === summary ? series.lastCells! : series.ok.get(summary.key);
      if (cells === undefined) {
        cells = { duration: this.duration.cell(operationAttributes(target, summary)), rows: undefined };
        series.ok.set(summary.key, cells);
      }
      series.lastSummary = summary;
      series.lastCells = cells;
      cells.duration.record(durationSeconds);
      if (rows >= 0) (cells.rows ??= this.rows.cell(rowsAttributes(target, summary))).record(rows);
      return;
    }
    let byError = series.failed.get(summary.key);
    if (byError === undefined) {
      byError = new Map();
      series.failed.set(summary.key, byError);
    }
    let cell = byError.get(errorType);
    if (cell === undefined) {
      cell = this.duration.cell({ ...operationAttributes(target, summary), 'error.type': errorType });
      byError.set(errorType, cell);
    }
    cell.record(durationSeconds);
  }

  /**
   * Cells for connection attempts of one pool (or an unpooled client when `poolName` is undefined),
   * interned: connection attempts are rare, so layers call this per attempt and keep nothing.
   */
  connectionCreate(system: DbSystemName, poolName: string | undefined, serverAddress: string | undefined): ConnectionCreateCells {
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

  /** The cell for time spent waiting on a pool for a connection. */
  connectionWait(system: DbSystemName, poolName: string): HistogramCell {
    return this.waitTime.cell({ 'db.system.name': system, 'db.client.connection.pool.name': poolName });
  }

  /**
   * Reports a pool's state at every scrape until the returned function is called. `read` returns
   * undefined to skip a scrape; `max` or `pending` of -1 leaves that gauge out.
   */
  observePool(system: DbSystemName, name: string, read: () => PoolState | undefined): () => void {
    const pool = { system, name, read };
    this.pools.add(pool);
    return () => this.pools.delete(pool);
  }

  /** Hit and miss cells for one cache read command. */
  cacheLookups(system: DbSystemName, operation: string): { hit: SumCell; miss: SumCell } {
    const attributes = { 'db.system.name': system, 'db.operation.name': operation };
    return {
      hit: this.lookups.cell({ ...attributes, 'cache.result': 'hit' }),
      miss: this.lookups.cell({ ...attributes, 'cache.result': 'miss' }),
    };
  }
}

function rowsAttributes(target: DbTarget, summary: DbOperationSummary): Attributes {
  const attributes: Attributes = { 'db.system.name': target.system, 'db.operation.name': summary.operation };
  if (target.namespace !== undefined) attributes['db.namespace'] = target.namespace;
  if (summary.collection !== undefined) attributes['db.collection.name'] = summary.collection;
  return attributes;
}

function operationAttributes(target: DbTarget, summary: DbOperationSummary): Attributes {
  const attributes = rowsAttributes(target, summary);
  if (target.serverAddress !== undefined) attributes['server.address'] = target.serverAddress;
  if (target.serverPort !== undefined) attributes['server.port'] = target.serverPort;
  return attributes;
}

/** The recorder of a sink, shared by every data layer writing to it so their caches are shared too. */
export const dbClientRecorder = perSink((sink) => new DbClientRecorder(sink));
