import {
  log,
  poolName,
  type DbClientRecorder,
  type DbTarget,
  type PoolState,
  type RegisteredPool,
} from '@nodeprom/core';
import { errorType as classifyError, monotonicMs, privateSlot } from '@nodeprom/core/hot';
import { commandSummary, countLookups, LookupKind, type RedisCommandSummary } from './commands';
import type { RedisClient, RedisCommand } from './driver-types';

/*
 * ioredis' calls, as the patches see them, turned into normalized events on core's DbClientRecorder:
 * - a command's first `sendCommand` starts it; its own resolve/reject end it (every way a command
 *   settles, server reply, connection loss, commandTimeout, blockingTimeout, goes through them):
 *   an operation, and for read commands the cache hits and misses;
 * - `setStatus` transitions delimit connection attempts (connecting -> ready, or -> close/end) and
 *   count clients in ready state;
 * - `silentEmit('error')` tells why an attempt failed.
 * Commands ioredis itself sends while connecting and whose failure it ignores (`CLIENT SETINFO`,
 * which Redis below 7.2 rejects) are left out: they are not the app's operations.
 */

const SYSTEM = 'redis';

// ---------------------------------------------------------------------------------------------
// error.type

/** Reply-error prefixes Redis and Valkey servers send (and modules commonly use). */
const KNOWN_PREFIXES = new Set([
  'ERR',
  'WRONGTYPE',
  'NOSCRIPT',
  'MOVED',
  'ASK',
  'TRYAGAIN',
  'CROSSSLOT',
  'CLUSTERDOWN',
  'LOADING',
  'BUSY',
  'BUSYKEY',
  'BUSYGROUP',
  'NOGROUP',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
  'READONLY',
  'MASTERDOWN',
  'MISCONF',
  'EXECABORT',
  'NOREPLICAS',
  'OOM',
  'NOTBUSY',
  'NOPROTO',
  'UNBLOCKED',
  'UNKILLABLE',
  'NOTREADY',
  'INVALIDOBJ',
]);
export const CONNECTION_CLOSED = 'connection_closed';

/**
 * ioredis' errors by fixed sets: a server reply error by its prefix when Redis defines it, else
 * `ReplyError`. A prefix Redis does not define comes from a script or a module (`redis.error_reply(
 * ARGV[1])` makes the argument the prefix), that is from data, so it never becomes a label.
 * ioredis' own client-side errors are plain Errors told apart by their fixed messages. Anything
 * else (node codes, class names such as MaxRetriesPerRequestError) goes to core's classifier.
 */
function knownRedisError(error: object): string | undefined {
  const { name, message } = error as { name?: unknown; message?: unknown };
  if (name === 'ReplyError') {
    if (typeof message !== 'string') return 'ReplyError';
    const end = message.indexOf(' ');
    const prefix = end === -1 ? message : message.slice(0, end);
    return KNOWN_PREFIXES.has(prefix) ? prefix : 'ReplyError';
  }
  if (message === 'Connection is closed.') return CONNECTION_CLOSED;
  if (message === 'Command timed out') return 'timeout';
  return undefined;
}

/** The error type of what a command was rejected with (or an error element of an EXEC reply). */
export function redisErrorType(error: unknown): string {
  return classifyError(error, knownRedisError);
}

// ---------------------------------------------------------------------------------------------
// Clients in ready state, by pool name (host:port/db). Process-wide: it outlives a sink change.

class ReadyClients {
  used = 0;
  constructor(readonly name: string) {}
}
const readyClients = new Map<string, ReadyClients>();

function readyClientsOf(name: string): ReadyClients {
  let count = readyClients.get(name);
  if (count === undefined) {
    count = new ReadyClients(name);
    readyClients.set(name, count);
  }
  return count;
}

/**
 * ioredis has no pool: a client is one connection, so `db.client.connections` reads `used` =
 * clients in ready state; idle is always 0, and max and pending are left out.
 */
function readReady(count: ReadyClients): PoolState {
  return { idle: 0, used: count.used, max: -1, pending: -1 };
}

/** What the patches report to, for one IoredisInstrumentation and its sink. */
export class RedisEvents {
  private readonly registered = new Map<ReadyClients, RegisteredPool>();
  /** [hits, misses] of the last lookup, reused. */
  readonly counts: [number, number] = [0, 0];

  constructor(readonly recorder: DbClientRecorder) {
    for (const count of readyClients.values()) this.observe(count);
  }

  target(namespace: string, address: string | undefined, port: number | undefined): DbTarget {
    return this.recorder.target(SYSTEM, namespace, address, port);
  }

  /** One finished command; `reply` is the raw reply, read only for lookup commands that succeeded. */
  command(
    target: DbTarget,
    summary: RedisCommandSummary,
    seconds: number,
    errorType: string | undefined,
    reply: unknown,
    argCount: number,
  ): void {
    this.recorder.operation(target, summary, seconds, errorType, -1);
    if (summary.lookup === LookupKind.None || errorType !== undefined) return;
    const counts = this.counts;
    countLookups(summary.lookup, reply, argCount, counts);
    this.recorder.cacheLookups(target, summary, counts[0], counts[1]);
  }

  /** One connection attempt, by the address it went to; `errorType` undefined when it got ready. */
  connection(address: string, seconds: number, errorType: string | undefined): void {
    this.recorder.connectionAttempt(SYSTEM, undefined, address, seconds, errorType);
  }

  /** Reports `count` in `db.client.connections` from now on. */
  observe(count: ReadyClients): void {
    if (this.registered.has(count)) return;
    this.registered.set(count, this.recorder.registerPool(SYSTEM, count.name, undefined, count, readReady));
  }

  close(): void {
    for (const registered of this.registered.values()) this.recorder.closePool(registered);
    this.registered.clear();
  }
}

// ---------------------------------------------------------------------------------------------
// State on ioredis' objects, in private slots: the app prints them as without nodeprom.

type Finish = (reply: unknown, error: unknown) => void;

/** Per client: its target, transaction, connection attempt and ready count. */
class ClientState {
  events: RedisEvents | undefined = undefined;
  db: unknown = undefined;
  target: DbTarget | undefined = undefined;
  /** Between MULTI and EXEC: the commands the server answered QUEUED, finished by EXEC's reply. */
  transaction: Finish[] | undefined = undefined;
  attemptStarted: number | undefined = undefined;
  attemptError: unknown = undefined;
  ready: ReadyClients | undefined = undefined;
}

/** What a command's shared resolve/reject need; its originals are kept here, not in closures. */
class CommandState {
  done = false;
  constructor(
    readonly events: RedisEvents,
    readonly target: DbTarget,
    readonly summary: RedisCommandSummary,
    readonly started: number,
    readonly resolve: (reply: unknown) => unknown,
    readonly reject: (error: unknown) => unknown,
    readonly transaction: Finish[] | undefined,
  ) {}
}

const clientSlot = privateSlot<ClientState>();
const commandSlot = privateSlot<CommandState>();

function stateOf(client: RedisClient): ClientState {
  let state = clientSlot.get(client);
  if (state === undefined) {
    state = new ClientState();
    clientSlot.set(client, state);
  }
  return state;
}

/**
 * A command counts from its first `sendCommand` until it settles. ioredis sends an unsettled
 * command again from its offline queue and after a reconnect (lib/redis/event_handler); it stays
 * counted once. A settled command sent again is a new attempt on the wire (a cluster redirect after
 * MOVED/ASK, a cluster pipeline retry) and is counted again, on the node it went to.
 */
export function isTracked(command: RedisCommand): boolean {
  const state = commandSlot.get(command);
  return state !== undefined && !state.done;
}

function endpoint(client: RedisClient): [string, number | undefined] {
  const options = client.options;
  if (typeof options.path === 'string' && options.path !== '') return [options.path, undefined];
  // Sentinel mode: options name the master set, the socket says which server it resolved to.
  if (options.sentinels) {
    const stream = client.stream;
    if (stream && typeof stream.remoteAddress === 'string') return [stream.remoteAddress, stream.remotePort];
  }
  return [
    typeof options.host === 'string' ? options.host : 'localhost',
    typeof options.port === 'number' ? options.port : 6379,
  ];
}

function currentDb(client: RedisClient): unknown {
  const condition = client.condition;
  const selected = condition ? condition.select : undefined;
  return selected !== undefined ? selected : (client.options.db ?? 0);
}

function targetOf(client: RedisClient, state: ClientState, events: RedisEvents): DbTarget {
  const db = currentDb(client);
  if (state.events === events && state.db === db) return state.target!;
  const [address, port] = endpoint(client);
  const target = events.target(String(db), address, port);
  state.events = events;
  state.db = db;
  state.target = target;
  return target;
}

function record(
  events: RedisEvents,
  target: DbTarget,
  summary: RedisCommandSummary,
  started: number,
  command: RedisCommand,
  reply: unknown,
  error: unknown,
): void {
  try {
    const seconds = (monotonicMs() - started) / 1000;
    events.command(
      target,
      summary,
      seconds,
      error === undefined ? undefined : redisErrorType(error),
      reply,
      command.args.length,
    );
  } catch (failure) {
    log.errorOnce('ioredis: recording a command', failure);
  }
}

/** `CLIENT SETINFO` as ioredis sends it on connect (lib-name, lib-ver), ignoring its failure. */
function isDriverSetInfo(client: RedisClient, command: RedisCommand): boolean {
  return command.name === 'client' && client.status === 'connect' && command.args[0] === 'SETINFO';
}

/** A command's first send: wraps its resolve and reject so that whichever settles it first records it. */
export function commandStarted(events: RedisEvents, client: RedisClient, command: RedisCommand): void {
  if (isDriverSetInfo(client, command)) return;
  const summary = commandSummary(command.name);
  const state = stateOf(client);
  const target = targetOf(client, state, events);
  // A command sent again after it settled (a retry after a timeout) still has our functions
  // installed: its originals are in its state.
  const previous = command.resolve === resolveTracked ? commandSlot.get(command) : undefined;
  const resolve = previous !== undefined ? previous.resolve : command.resolve;
  const reject = previous !== undefined ? previous.reject : command.reject;
  if (typeof resolve !== 'function' || typeof reject !== 'function') return;
  const started = monotonicMs();
  const transaction = state.transaction;
  const operation = summary.operation;
  if (operation === 'MULTI') state.transaction = [];
  else if (operation === 'EXEC' || operation === 'DISCARD') state.transaction = undefined;

  const commandState = new CommandState(events, target, summary, started, resolve, reject, transaction);
  commandSlot.set(command, commandState);
  if (transaction !== undefined && operation !== 'EXEC' && operation !== 'DISCARD') {
    // Queued inside MULTI: the reply now is QUEUED, the result comes with EXEC's.
    const finish: Finish = (reply, error) => {
      if (commandState.done) return;
      commandState.done = true;
      record(events, target, summary, started, command, reply, error);
    };
    command.resolve = (reply) => {
      if (!commandState.done) transaction.push(finish);
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
  command.resolve = resolveTracked;
  command.reject = rejectTracked;
}

function resolveTracked(this: RedisCommand, reply: unknown): unknown {
  return settle(this, reply, undefined).resolve(reply);
}

function rejectTracked(this: RedisCommand, error: unknown): unknown {
  return settle(this, undefined, error).reject(error);
}

/** Records the command the first time it settles, either way; returns its state for the original. */
function settle(command: RedisCommand, reply: unknown, error: unknown): CommandState {
  const state = commandSlot.get(command)!;
  if (!state.done) {
    state.done = true;
    record(state.events, state.target, state.summary, state.started, command, reply, error);
    if (error === undefined && state.transaction !== undefined && Array.isArray(reply))
      finishTransaction(state.transaction, reply);
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

/** A status transition: connection attempts and the ready-clients gauge. `events` undefined: layer off. */
export function statusChanged(events: RedisEvents | undefined, client: RedisClient, next: string): void {
  switch (next) {
    case 'connecting': {
      const state = stateOf(client);
      state.transaction = undefined;
      state.attemptError = undefined;
      state.attemptStarted = events === undefined ? undefined : monotonicMs();
      return;
    }
    case 'ready':
    case 'monitoring':
      if (events !== undefined) {
        const state = stateOf(client);
        attemptEnded(client, state, events, undefined);
        if (state.ready === undefined) {
          const count = readyClientsOf(clientPoolName(client));
          events.observe(count);
          count.used++;
          state.ready = count;
        }
      }
      return;
    case 'close':
    case 'end':
    case 'reconnecting': {
      const state = clientSlot.get(client);
      if (state === undefined) return;
      state.transaction = undefined;
      if (events !== undefined && state.attemptStarted !== undefined) {
        const failure = state.attemptError;
        attemptEnded(client, state, events, failure === undefined ? CONNECTION_CLOSED : redisErrorType(failure));
      }
      if (state.ready !== undefined) {
        state.ready.used--;
        state.ready = undefined;
      }
      return;
    }
    default:
      // wait, connect: nothing to record.
      return;
  }
}

function attemptEnded(client: RedisClient, state: ClientState, events: RedisEvents, failure: string | undefined): void {
  const started = state.attemptStarted;
  if (started === undefined) return;
  state.attemptStarted = undefined;
  events.connection(endpoint(client)[0], (monotonicMs() - started) / 1000, failure);
}

/** An 'error' the client emits: while an attempt is open, it is why the attempt fails. */
export function errorEmitted(client: RedisClient, error: unknown): void {
  const state = clientSlot.get(client);
  if (state !== undefined && state.attemptStarted !== undefined) state.attemptError = error;
}

/** A Redis client is one connection: its pool is named after its address and database index. */
function clientPoolName(client: RedisClient): string {
  const [address, port] = endpoint(client);
  return poolName(undefined, 'a Redis client', address, port, String(client.options.db ?? 0));
}
