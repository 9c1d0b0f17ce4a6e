import {
  poolName,
  summarizeSql as coreSummarizeSql,
  type DbClientRecorder,
  type DbSystemName,
  type DbTarget,
  type HistogramCell,
} from '@nodeprom/core';

/** Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock). */
const summarizeSql = coreSummarizeSql;

/*
 * What both hooks (channels and patches) report, and how it becomes metrics: they describe an
 * operation, a pool acquisition or a connection attempt with the driver's own objects, and this
 * file turns them into DbClientRecorder calls. No metric code of its own.
 */

/** Set on a mysql2 pool (`pool[POOL_NAME] = 'orders'`) to name it in `db_client_connection_pool_name`. */
export const POOL_NAME = Symbol.for('nodeprom.pool.name');

/** The fields of a mysql2 connection config this layer reads. */
export interface ConnectionConfigLike {
  host?: string;
  port?: number;
  socketPath?: string;
  database?: string;
  pool?: PoolLike;
  isServer?: boolean;
}

interface LengthLike {
  readonly length: number;
}

/** The fields of a mysql2 pool this layer reads (the same from 3.0 to 3.24). */
export interface PoolLike {
  config: { connectionLimit: number; connectionConfig: ConnectionConfigLike };
  _allConnections: LengthLike;
  _freeConnections: LengthLike;
  _connectionQueue: LengthLike;
  _closed: boolean;
  [POOL_NAME]?: unknown;
}

/** Where a connection or pool connects: mysql2's own reading of its config (`getServerContext`). */
export function serverAddress(config: ConnectionConfigLike): string {
  return config.socketPath || config.host || 'localhost';
}
export function serverPort(config: ConnectionConfigLike): number | undefined {
  return config.socketPath ? undefined : config.port || 3306;
}

/** `mariadb` when the handshake's server version says so. */
export function systemFromVersion(serverVersion: unknown): DbSystemName {
  return typeof serverVersion === 'string' && serverVersion.includes('MariaDB') ? 'mariadb' : 'mysql';
}

const ERROR_TYPE_PATTERN = /^[A-Za-z_][A-Za-z0-9_.]{0,63}$/;
/** Distinct error types kept; beyond it `_OTHER` (the semantic-convention fallback). */
const MAX_ERROR_TYPES = 200;
const errorTypes = new Set<string>();

/**
 * `error.type`: the code mysql2 gives the error (the server's, such as ER_DUP_ENTRY, or the
 * client's, such as ECONNREFUSED or PROTOCOL_CONNECTION_LOST), else the error's class name. Both
 * come from code, not data; the cap guards against a driver that someday puts data there.
 */
export function errorType(error: unknown): string {
  let type: unknown;
  if (typeof error === 'object' && error !== null) {
    type = (error as { code?: unknown }).code;
    if (typeof type !== 'string' || type === '') type = (error as { constructor?: { name?: unknown } }).constructor?.name;
  }
  if (typeof type !== 'string') return '_OTHER';
  if (errorTypes.has(type)) return type;
  if (errorTypes.size >= MAX_ERROR_TYPES || !ERROR_TYPE_PATTERN.test(type)) return '_OTHER';
  errorTypes.add(type);
  return type;
}

/**
 * `db.client.response.returned_rows`: the length of a SELECT-like result (an array of rows); -1 for
 * an OkPacket (`ResultSetHeader`: INSERT, UPDATE…), which returns none, and for the results of
 * several statements or a CALL, whose items are themselves results.
 */
export function returnedRows(result: unknown): number {
  if (!Array.isArray(result)) return -1;
  const length = result.length;
  if (length === 0) return 0;
  // The results of several statements hold a ResultSetHeader (an INSERT's, or the one a CALL ends
  // with) or start with a list of row objects. A statement's result comes first or last among them,
  // so the two ends decide: constant time however many rows a SELECT returned.
  const first: unknown = result[0];
  // The common case first: a row object, which no list of results starts with.
  if (typeof first === 'object' && first !== null && first.constructor === Object) return length;
  if (isResultSetHeader(first) || isResultSetHeader(result[length - 1])) return -1;
  if (Array.isArray(first) && (first.length === 0 || isRowObject(first[0]))) return -1;
  return length;
}

/** mysql2's ResultSetHeader class, once seen (compared by identity: a function's name is a slow read). */
let resultSetHeaderClass: unknown;

function isResultSetHeader(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const constructor: unknown = (value as object).constructor;
  // Rows are plain objects (or arrays, with rowsAsArray): the common case is decided here.
  if (constructor === Object || constructor === Array || constructor === undefined) return false;
  if (constructor === resultSetHeaderClass) return true;
  if (typeof constructor === 'function' && constructor.name === 'ResultSetHeader') {
    resultSetHeaderClass = constructor;
    return true;
  }
  return false;
}

/** A row as mysql2 returns it by default: a plain object (with `rowsAsArray`, rows are arrays of values). */
function isRowObject(value: unknown): boolean {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || Buffer.isBuffer(value) || value instanceof Date) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** One pool as the metrics see it. */
export interface PoolInfo {
  /** The Mysql2Metrics that registered the pool: a new one (the sink changed) registers it again. */
  readonly owner: Mysql2Metrics;
  readonly name: string;
  readonly wait: HistogramCell;
}

const POOL_INFO = Symbol('nodeprom.mysql2.pool');
type TrackedPool = PoolLike & { [POOL_INFO]?: PoolInfo };

export class Mysql2Metrics {
  /** `mariadb` or `mysql` by `address\0port`, as handshakes reported it. */
  private readonly systems = new Map<string, DbSystemName>();
  /** Bumped whenever `systems` changes, so cached targets are re-resolved. */
  private generation = 0;
  /** Pools whose gauges this instance registered, to stop them when it is replaced. */
  private readonly unregisterPools = new Set<() => void>();
  // A one-entry cache in front of the recorder's interned targets: an app mostly talks to one database.
  private lastDatabase: string | undefined = undefined;
  private lastAddress: string | undefined = undefined;
  private lastPort: number | undefined = undefined;
  private lastGeneration = -1;
  private lastTarget: DbTarget | undefined = undefined;

  constructor(readonly recorder: DbClientRecorder) {}

  /** A handshake told us what runs at this address. */
  learnServer(address: string, port: number | undefined, serverVersion: unknown): DbSystemName {
    const system = systemFromVersion(serverVersion);
    const key = `${address}\0${port ?? ''}`;
    if (this.systems.get(key) !== system) {
      this.systems.set(key, system);
      this.generation++;
    }
    return system;
  }

  systemAt(address: string, port: number | undefined): DbSystemName {
    return this.systems.get(`${address}\0${port ?? ''}`) ?? 'mysql';
  }

  /** The target of an operation; `database` '' means none. Hot: usually one comparison of three fields. */
  target(database: string | undefined, address: string, port: number | undefined): DbTarget {
    if (database === this.lastDatabase && address === this.lastAddress && port === this.lastPort && this.generation === this.lastGeneration) {
      return this.lastTarget!;
    }
    const target = this.recorder.target(this.systemAt(address, port), database || undefined, address, port);
    this.lastDatabase = database;
    this.lastAddress = address;
    this.lastPort = port;
    this.lastGeneration = this.generation;
    this.lastTarget = target;
    return target;
  }

  /** One finished statement. `error` is whatever the driver reported, `result` its rows or OkPacket. */
  operation(target: DbTarget, sql: unknown, seconds: number, error: unknown, result: unknown): void {
    const summary = summarizeSql(typeof sql === 'string' ? sql : '');
    if (error) this.recorder.operation(target, summary, seconds, errorType(error), -1);
    else this.recorder.operation(target, summary, seconds, undefined, returnedRows(result));
  }

  /** One connection attempt; `serverVersion` from the handshake when it succeeded. */
  connection(address: string, port: number | undefined, poolName: string | undefined, seconds: number, error: unknown, serverVersion: unknown): void {
    const system = error ? this.systemAt(address, port) : this.learnServer(address, port, serverVersion);
    const cells = this.recorder.connectionCreate(system, poolName, address);
    if (error) cells.failed(errorType(error)).record(seconds);
    else cells.ok.record(seconds);
  }

  /**
   * The pool's metrics state, registered on first sight: its name and its gauges, read at scrape
   * time until the pool is closed (or collected).
   */
  pool(pool: PoolLike): PoolInfo {
    const tracked = pool as TrackedPool;
    const known = tracked[POOL_INFO];
    if (known !== undefined && known.owner === this) return known;
    const config = pool.config.connectionConfig;
    const address = serverAddress(config);
    const port = serverPort(config);
    const system = this.systemAt(address, port);
    const name = poolName(pool[POOL_NAME], POOL_NAME_SETTING, address, port, config.database || undefined);
    const info: PoolInfo = { owner: this, name, wait: this.recorder.connectionWait(system, name) };
    tracked[POOL_INFO] = info;
    const ref = new WeakRef(pool);
    const unregister = this.recorder.observePool(system, name, () => {
      const live = ref.deref();
      if (live === undefined || live._closed) {
        unregister();
        this.unregisterPools.delete(unregister);
        return undefined;
      }
      const all = live._allConnections.length;
      const idle = live._freeConnections.length;
      const limit = live.config.connectionLimit;
      return { idle, used: all - idle, max: limit > 0 ? limit : -1, pending: live._connectionQueue.length };
    });
    this.unregisterPools.add(unregister);
    return info;
  }

  /** Stops the pool gauges this instance registered (the layer's sink was replaced). */
  close(): void {
    for (const unregister of this.unregisterPools) unregister();
    this.unregisterPools.clear();
  }

  /** The name of a pool seen only through a failed first acquisition (no pool object at hand). */
  fallbackPoolName(address: string, port: number | undefined, database: string | undefined): string {
    return poolName(undefined, POOL_NAME_SETTING, address, port, database || undefined);
  }
}

const POOL_NAME_SETTING = "a mysql2 pool's [Symbol.for('nodeprom.pool.name')]";
