import { log, poolName, type DbTarget, monotonicMs as coreMonotonicMs } from '@nodeprom/core';
import { commandSummary, type RedisCommandSummary } from './commands';
import { CONNECTION_CLOSED, errorType } from './errors';
import { poolCount, type PoolCount, type RedisMetrics } from './recording';

/** Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock). */
const monotonicMs = coreMonotonicMs;

/*
 * The normalized events of the layer, from the three ioredis calls the hook wraps:
 * - a command's first `sendCommand` starts it; its own resolve/reject end it (every way a command
 *   settles, server reply, connection loss, commandTimeout, blockingTimeout, goes through them);
 * - `setStatus` transitions delimit connection attempts (connecting -> ready, or -> close/end);
 * - `silentEmit('error')` tells why an attempt failed.
 */

/** The parts of an ioredis `Command` read or wrapped here. */
export interface RedisCommand {
  name: string;
  args: unknown[];
  resolve: (reply: unknown) => unknown;
  reject: (error: unknown) => unknown;
  [TRACKED]?: true | undefined;
  [STATE]?: CommandState;
}

/** The parts of an ioredis `Redis` client read here, plus the state this layer keeps on it. */
export interface RedisClient {
  status: string;
  options: { host?: string; port?: number; path?: string; db?: number; sentinels?: unknown };
  condition?: { select?: number } | null;
  stream?: { remoteAddress?: string; remotePort?: number } | null;
  [CONNECTION]?: ConnectionState;
  [TRANSACTION]?: Finish[];
  [ATTEMPT_STARTED]?: number;
  [ATTEMPT_ERROR]?: unknown;
  [READY_POOL]?: PoolCount;
}

type Finish = (reply: unknown, error: unknown) => void;

interface ConnectionState {
  readonly metrics: RedisMetrics;
  readonly db: unknown;
  readonly target: DbTarget;
}

/**
 * Set on a command from its first `sendCommand` until it settles. ioredis sends an unsettled command
 * again from its offline queue and after a reconnect (lib/redis/event_handler); the mark keeps it
 * counted once. A settled command sent again is a new attempt on the wire (a cluster redirect after
 * MOVED/ASK, a cluster pipeline retry) and is counted again, on the node it went to.
 */
export const TRACKED = Symbol('nodeprom.ioredis.tracked');
const STATE = Symbol('nodeprom.ioredis.state');
const CONNECTION = Symbol('nodeprom.ioredis.connection');
/** Between MULTI and EXEC: the commands the server answered QUEUED, finished by EXEC's reply. */
const TRANSACTION = Symbol('nodeprom.ioredis.transaction');
const ATTEMPT_STARTED = Symbol('nodeprom.ioredis.attemptStarted');
const ATTEMPT_ERROR = Symbol('nodeprom.ioredis.attemptError');
const READY_POOL = Symbol('nodeprom.ioredis.readyPool');

let active: RedisMetrics | undefined;

/** Where recording goes; undefined stops it (the patches stay, as a pass-through). */
export function setActive(metrics: RedisMetrics | undefined): void {
  active = metrics;
}

function endpoint(client: RedisClient): [string, number | undefined] {
  const options = client.options;
  if (typeof options.path === 'string' && options.path !== '') return [options.path, undefined];
  // Sentinel mode: options name the master set, the socket says which server it resolved to.
  if (options.sentinels) {
    const stream = client.stream;
    if (stream && typeof stream.remoteAddress === 'string') return [stream.remoteAddress, stream.remotePort];
  }
  return [typeof options.host === 'string' ? options.host : 'localhost', typeof options.port === 'number' ? options.port : 6379];
}

function currentDb(client: RedisClient): unknown {
  const condition = client.condition;
  const selected = condition ? condition.select : undefined;
  return selected !== undefined ? selected : client.options.db ?? 0;
}

function targetOf(client: RedisClient, metrics: RedisMetrics): DbTarget {
  const db = currentDb(client);
  const state = client[CONNECTION];
  if (state !== undefined && state.metrics === metrics && state.db === db) return state.target;
  const [address, port] = endpoint(client);
  const target = metrics.target(String(db), address, port);
  client[CONNECTION] = { metrics, db, target };
  return target;
}

function record(metrics: RedisMetrics, target: DbTarget, summary: RedisCommandSummary, started: number, command: RedisCommand, reply: unknown, error: unknown): void {
  try {
    const seconds = (monotonicMs() - started) / 1000;
    metrics.command(target, summary, seconds, error === undefined ? undefined : errorType(error), reply, command.args.length);
  } catch (failure) {
    log.errorOnce('ioredis: recording a command', failure);
  }
}

/** A command's first send: wraps its resolve and reject so that whichever settles it first records it. */
export function commandStarted(client: RedisClient, command: RedisCommand): void {
  const metrics = active;
  if (metrics === undefined) return;
  command[TRACKED] = true;
  const summary = commandSummary(command.name);
  const target = targetOf(client, metrics);
  // A command sent again after it settled (a retry after a timeout) still has our functions
  // installed: its originals are in its state.
  const previous = command.resolve === resolveTracked ? command[STATE] : undefined;
  const resolve = previous !== undefined ? previous.resolve : command.resolve;
  const reject = previous !== undefined ? previous.reject : command.reject;
  if (typeof resolve !== 'function' || typeof reject !== 'function') return;
  const started = monotonicMs();
  let done = false;
  const transaction = client[TRANSACTION];
  const operation = summary.operation;
  if (operation === 'MULTI') client[TRANSACTION] = [];
  else if (operation === 'EXEC' || operation === 'DISCARD') client[TRANSACTION] = undefined;

  if (transaction !== undefined && operation !== 'EXEC' && operation !== 'DISCARD') {
    // Queued inside MULTI: the reply now is QUEUED, the result comes with EXEC's.
    const finish: Finish = (reply, error) => {
      if (done) return;
      done = true;
      command[TRACKED] = undefined;
      record(metrics, target, summary, started, command, reply, error);
    };
    command.resolve = (reply) => {
      if (!done) transaction.push(finish);
      return resolve(reply);
    };
    command.reject = (error) => {
      finish(undefined, error);
      return reject(error);
    };
    return;
  }
  // The common path allocates one small state object and installs two shared functions, rather
  // than two closures per command: ioredis calls resolve and reject as methods of the command.
  command[STATE] = new CommandState(metrics, target, summary, started, resolve, reject, transaction);
  command.resolve = resolveTracked;
  command.reject = rejectTracked;
}

/** What a command's shared resolve/reject need; its originals are kept here, not in closures. */
class CommandState {
  done = false;
  constructor(
    readonly metrics: RedisMetrics,
    readonly target: DbTarget,
    readonly summary: RedisCommandSummary,
    readonly started: number,
    readonly resolve: (reply: unknown) => unknown,
    readonly reject: (error: unknown) => unknown,
    readonly transaction: Finish[] | undefined,
  ) {}
}

function resolveTracked(this: RedisCommand, reply: unknown): unknown {
  return settle(this, reply, undefined).resolve(reply);
}

function rejectTracked(this: RedisCommand, error: unknown): unknown {
  return settle(this, undefined, error).reject(error);
}

/** Records the command the first time it settles, either way; returns its state for the original. */
function settle(command: RedisCommand, reply: unknown, error: unknown): CommandState {
  const state = command[STATE]!;
  if (!state.done) {
    state.done = true;
    command[TRACKED] = undefined;
    record(state.metrics, state.target, state.summary, state.started, command, reply, error);
    if (error === undefined && state.transaction !== undefined && Array.isArray(reply)) finishTransaction(state.transaction, reply);
  }
  return state;
}

/** EXEC's array reply: element i is the result of the i-th queued command (an Error when it failed). */
function finishTransaction(queued: Finish[], replies: unknown[]): void {
  const count = Math.min(queued.length, replies.length);
  for (let i = 0; i < count; i++) {
    const reply = replies[i];
    if (reply instanceof Error) queued[i]!(undefined, reply);
    else queued[i]!(reply, undefined);
  }
}

/** A status transition: connection attempts and the ready-clients gauge. */
export function statusChanged(client: RedisClient, next: string): void {
  const metrics = active;
  switch (next) {
    case 'connecting':
      client[TRANSACTION] = undefined;
      client[ATTEMPT_ERROR] = undefined;
      client[ATTEMPT_STARTED] = metrics === undefined ? undefined : monotonicMs();
      return;
    case 'ready':
    case 'monitoring':
      if (metrics !== undefined) {
        attemptEnded(client, metrics, undefined);
        if (client[READY_POOL] === undefined) {
          const pool = poolCount(clientPoolName(client));
          metrics.observe(pool);
          pool.used++;
          client[READY_POOL] = pool;
        }
      }
      return;
    case 'close':
    case 'end':
    case 'reconnecting': {
      client[TRANSACTION] = undefined;
      if (metrics !== undefined && client[ATTEMPT_STARTED] !== undefined) {
        const failure = client[ATTEMPT_ERROR];
        attemptEnded(client, metrics, failure === undefined ? CONNECTION_CLOSED : errorType(failure));
      }
      const pool = client[READY_POOL];
      if (pool !== undefined) {
        pool.used--;
        client[READY_POOL] = undefined;
      }
      return;
    }
    default:
      // wait, connect: nothing to record.
      return;
  }
}

function attemptEnded(client: RedisClient, metrics: RedisMetrics, failure: string | undefined): void {
  const started = client[ATTEMPT_STARTED];
  if (started === undefined) return;
  client[ATTEMPT_STARTED] = undefined;
  metrics.connection(endpoint(client)[0], (monotonicMs() - started) / 1000, failure);
}

/** An 'error' the client emits: while an attempt is open, it is why the attempt fails. */
export function errorEmitted(client: RedisClient, error: unknown): void {
  if (client[ATTEMPT_STARTED] !== undefined) client[ATTEMPT_ERROR] = error;
}

/** A Redis client is one connection: its pool is named after its address and database index. */
function clientPoolName(client: RedisClient): string {
  const [address, port] = endpoint(client);
  return poolName(undefined, 'a Redis client', address, port, String(client.options.db ?? 0));
}
