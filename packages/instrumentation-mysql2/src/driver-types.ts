/*
 * The parts of mysql2 (3.x) this layer reads or wraps, typed from its source: mysql2's own types
 * describe the public API, not these internals. nodeprom's state on these objects lives in private
 * slots (see events.ts and patches.ts), never in properties.
 */
import type { EventEmitter } from 'node:events';

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
}

export interface Handshake {
  serverVersion?: unknown;
}

/** A mysql2 Connection (or PoolConnection). */
export interface ConnectionLike extends EventEmitter {
  config: ConnectionConfigLike;
  _handshakePacket?: Handshake | null;
  _pool?: PoolLike | null;
}

/** Method signatures of mysql2's classes, which the patches only forward. */
export type Method = (this: unknown, ...args: unknown[]) => unknown;
export type Callback = (this: unknown, error: unknown, result?: unknown, fields?: unknown) => unknown;

/** A mysql2 command (Query, Execute): an event emitter with an `onResult` callback when it has one. */
export interface CommandLike extends EventEmitter {
  onResult?: Callback;
  sql?: unknown;
}
