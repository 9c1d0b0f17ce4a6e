import {
  givenPoolName,
  poolName,
  type DbClientRecorder,
  type DbSystemName,
  type DbTarget,
  type RegisteredPool,
} from '@nodeprom/core';
import { errorType as classifyError, privateSlot, sqlSummarizer } from '@nodeprom/core/hot';
import type { ConnectionConfigLike, PoolLike } from './driver-types';

/*
 * What both hooks (patches and channels) report, turned into normalized events on core's
 * DbClientRecorder: they describe an operation, a pool acquisition or a connection attempt with the
 * driver's own objects, and this file hands the recorder plain strings and numbers. No metric code
 * of its own: the recorder owns every cell.
 */

const summarizeSql = sqlSummarizer('mysql');

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

/**
 * `error.type`: core's classifier. mysql2 gives every error it produces a code (the server's, such
 * as ER_DUP_ENTRY, or the client's, such as ECONNREFUSED or PROTOCOL_CONNECTION_LOST), so it needs
 * no fixed mapping of its own.
 */
export function errorType(error: unknown): string {
  return classifyError(error);
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
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    Buffer.isBuffer(value) ||
    value instanceof Date
  )
    return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A pool as this layer registered it: the events instance that did, and the registration. */
interface PoolRecord {
  readonly events: Mysql2Events;
  readonly registered: RegisteredPool;
}
const poolRecord = privateSlot<PoolRecord>();

export class Mysql2Events {
  /** `mariadb` or `mysql` by `address\0port`, as handshakes reported it. */
  private readonly systems = new Map<string, DbSystemName>();
  /** Bumped whenever `systems` changes, so cached targets are re-resolved. */
  private generation = 0;
  /** Pools this instance registered, to stop their gauges when it is replaced. */
  private readonly pools = new Set<RegisteredPool>();
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
    if (
      database === this.lastDatabase &&
      address === this.lastAddress &&
      port === this.lastPort &&
      this.generation === this.lastGeneration
    ) {
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

  /** One connection attempt (of `pool`, when pooled); `serverVersion` from the handshake when it succeeded. */
  connection(
    address: string,
    port: number | undefined,
    pool: RegisteredPool | undefined,
    seconds: number,
    error: unknown,
    serverVersion: unknown,
  ): void {
    const system = error ? this.systemAt(address, port) : this.learnServer(address, port, serverVersion);
    this.recorder.connectionAttempt(
      pool?.system ?? system,
      pool,
      pool === undefined ? address : undefined,
      seconds,
      error ? errorType(error) : undefined,
    );
  }

  /** A request waited `seconds` for a connection of `pool`. */
  poolWait(pool: PoolLike, seconds: number): void {
    this.recorder.poolWait(this.pool(pool), seconds);
  }

  /**
   * The pool's registration, made on first sight: its name, and its gauges, read at scrape time
   * until the pool is closed (or collected).
   */
  pool(pool: PoolLike): RegisteredPool {
    const known = poolRecord.get(pool);
    if (known !== undefined && known.events === this) return known.registered;
    const config = pool.config.connectionConfig;
    const address = serverAddress(config);
    const port = serverPort(config);
    const system = this.systemAt(address, port);
    const name = poolName(givenPoolName(pool), POOL_NAME_SETTING, address, port, config.database || undefined);
    const registered = this.recorder.registerPool(system, name, address, pool, readPool);
    poolRecord.set(pool, { events: this, registered });
    this.pools.add(registered);
    return registered;
  }

  /**
   * A pool seen only through a failed first acquisition (mysql2's channel gives no pool object):
   * named after its address, as the pool would be unless the app named it.
   */
  unnamedPool(address: string, port: number | undefined, database: string | undefined): RegisteredPool {
    const name = poolName(undefined, POOL_NAME_SETTING, address, port, database || undefined);
    return this.recorder.unobservedPool(this.systemAt(address, port), name, address);
  }

  /** Stops the pool gauges this instance registered (the layer's sink was replaced). */
  close(): void {
    for (const registered of this.pools) this.recorder.closePool(registered);
    this.pools.clear();
  }
}

function readPool(pool: PoolLike) {
  if (pool._closed) return undefined;
  const all = pool._allConnections.length;
  const idle = pool._freeConnections.length;
  const limit = pool.config.connectionLimit;
  return { idle, used: all - idle, max: limit > 0 ? limit : -1, pending: pool._connectionQueue.length };
}

const POOL_NAME_SETTING = "a mysql2 pool's name (namePool, or the older pool[Symbol.for('nodeprom.pool.name')])";

/** The older way to name a mysql2 pool (`pool[POOL_NAME] = 'orders'`), kept as an alias of core's `namePool`. */
export const POOL_NAME = Symbol.for('nodeprom.pool.name');
