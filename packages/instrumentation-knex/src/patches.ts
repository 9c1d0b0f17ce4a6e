import { firstPatch, log, runGuarded, sameIdentity } from '@nodeprom/core';
import { monotonicMs } from '@nodeprom/core/hot';
import type { Method, Migrator } from './driver-types';
import { instanceCreated, type CommandKind } from './events';
import { knexSwitch } from './hook';
import { noteMysqlConnection, type KnexClient } from './target';

/*
 * The wrappers of knex's internal files (hook.ts says which, and for which versions). Each reports
 * to `knexSwitch.current`, the enabled KnexInstrumentation's events, and passes straight through
 * while there is none. They keep the names and lengths of the functions they replace.
 */

const COMMANDS: Readonly<Record<string, CommandKind>> = {
  latest: 'up',
  up: 'up',
  to: 'up', // 3.2+
  before: 'up', // 3.2+
  down: 'down',
  rollback: 'down',
  list: 'list',
  status: 'read',
  currentVersion: 'read',
  forceFreeMigrationsLock: 'read',
};

export function patchMigrator(prototype: Record<string, unknown>): void {
  for (const [name, kind] of Object.entries(COMMANDS)) {
    const original = prototype[name];
    if (typeof original !== 'function') continue;
    const command = function migratorCommand(this: Migrator, ...args: unknown[]): unknown {
      const result = (original as Method).apply(this, args);
      const events = knexSwitch.current;
      if (events === undefined) return result;
      try {
        return events.command(this, kind, result);
      } catch (error) {
        log.errorOnce('knex: watching a migrator command', error);
        return result;
      }
    };
    // knex's commands are async functions: so is the wrapper, so that it prints as knex's own does
    // (the promise it returns settles with the same value or error, one tick later).
    const wrapper = isAsync(original)
      ? async function asyncMigratorCommand(this: Migrator, ...args: unknown[]) {
          return command.apply(this, args);
        }
      : command;
    prototype[name] = sameIdentity(wrapper, original as Method);
  }
  // The one method that runs migration files; knex calls each file's up/down inside it.
  const waterfall = prototype._waterfallBatch;
  if (typeof waterfall !== 'function') return;
  prototype._waterfallBatch = sameIdentity(function _waterfallBatch(this: Migrator, ...args: unknown[]) {
    const config = this.config;
    const direction = args[2];
    const source = config?.migrationSource;
    const events = knexSwitch.current;
    if (events === undefined || source === undefined || (direction !== 'up' && direction !== 'down'))
      return (waterfall as Method).apply(this, args);
    let timed: unknown;
    try {
      timed = events.timedSource(this, source, direction);
    } catch (error) {
      log.errorOnce('knex: timing migrations', error);
      return (waterfall as Method).apply(this, args);
    }
    // knex reads the source synchronously while it builds the batch's promise chain.
    this.config = Object.create(config, { migrationSource: { value: timed } });
    try {
      return (waterfall as Method).apply(this, args);
    } finally {
      this.config = config;
    }
  }, waterfall as Method);
}

export function patchListResolver(resolver: Record<string, unknown>): void {
  const original = resolver.listAllAndCompleted;
  if (typeof original !== 'function') return;
  resolver.listAllAndCompleted = sameIdentity(function listAllAndCompleted(this: unknown, ...args: unknown[]) {
    const result = (original as Method).apply(this, args);
    const events = knexSwitch.current;
    if (events !== undefined) runGuarded('knex: reading migration lists', () => events.listed(args[1], result));
    return result;
  }, original as Method);
}

export function patchMakeKnex(makeKnex: Method): Method {
  if (typeof makeKnex !== 'function' || !firstPatch(makeKnex)) return makeKnex;
  const patched = sameIdentity(function makeKnex_(this: unknown, ...args: unknown[]) {
    const instance = makeKnex.apply(this, args);
    runGuarded('knex: a new instance', () => {
      instanceCreated(instance as never);
      knexSwitch.current?.instanceCreated(instance as never);
    });
    return instance;
  }, makeKnex);
  firstPatch(patched);
  return patched;
}

/** Only to tell MariaDB from MySQL: the server names itself when a connection opens. */
export function patchMysqlDialect(prototype: Record<string, unknown>): void {
  const original = prototype.acquireRawConnection;
  if (typeof original !== 'function') return;
  prototype.acquireRawConnection = sameIdentity(function acquireRawConnection(this: KnexClient, ...args: unknown[]) {
    const result = (original as Method).apply(this, args);
    if (result instanceof Promise) {
      result.then(
        (connection) => runGuarded('knex: reading the server greeting', () => noteMysqlConnection(this, connection)),
        ignoreFailure,
      );
    }
    return result;
  }, original as Method);
}

/**
 * Client#acquireConnection (an async method in knex 2 and 3, and so is its wrapper): the wait for a
 * connection of knex's own pool (tarn). knex gets the same connection or the same error.
 */
export function patchClient(prototype: Record<string, unknown>): void {
  const original = prototype.acquireConnection;
  if (typeof original !== 'function') return;
  prototype.acquireConnection = sameIdentity(async function acquireConnection(this: KnexClient) {
    const events = knexSwitch.current;
    const startedAt = events === undefined ? 0 : monotonicMs();
    // eslint-disable-next-line prefer-rest-params
    const connection: unknown = await Reflect.apply(original as Method, this, arguments);
    if (events !== undefined)
      runGuarded('knex: recording a pool wait', () => events.connectionAcquired(this, startedAt));
    return connection;
  }, original as Method);
}

function isAsync(fn: object): boolean {
  return fn.constructor?.name === 'AsyncFunction';
}

// A failed connection is the app's to handle; telling MariaDB from MySQL just waits for the next one.
function ignoreFailure(): void {}
