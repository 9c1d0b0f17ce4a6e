import { firstPatch, log, patchOnce, permanentPatch, runGuarded } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import type { CommandKind, KnexInstance, Migrator, MigrationTracker } from './tracker';
import { noteMysqlConnection, type KnexClient } from './target';

/*
 * How knex is hooked. Knex publishes no diagnostics channels, so four internal files are patched
 * at require time (an ESM app's `import 'knex'` loads them with require too). Their layout is the
 * same from 2.0 to 3.3; the range is closed so a knex 4 with another layout is left alone.
 * Patches are permanent for the process; a disabled layer stops recording in the tracker.
 */
export const KNEX_VERSIONS = ['>=2.0.0 <4'];

type Method = (this: unknown, ...args: unknown[]) => unknown;

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

function patchMigrator(prototype: Record<string, unknown>, tracker: MigrationTracker): void {
  for (const [name, kind] of Object.entries(COMMANDS)) {
    const original = prototype[name];
    if (typeof original !== 'function') continue;
    prototype[name] = function migratorCommand(this: Migrator, ...args: unknown[]) {
      const result = (original as Method).apply(this, args);
      try {
        return tracker.command(this, kind, result);
      } catch (error) {
        log.errorOnce('knex: watching a migrator command', error);
        return result;
      }
    };
  }
  // The one method that runs migration files; knex calls each file's up/down inside it.
  const waterfall = prototype._waterfallBatch;
  if (typeof waterfall !== 'function') return;
  prototype._waterfallBatch = function waterfallBatch(this: Migrator, ...args: unknown[]) {
    const config = this.config;
    const direction = args[2];
    const source = config?.migrationSource;
    if (source === undefined || (direction !== 'up' && direction !== 'down')) return (waterfall as Method).apply(this, args);
    let timed: unknown;
    try {
      timed = tracker.timedSource(this, source, direction);
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
  };
}

export function knexModuleDefinitions(tracker: MigrationTracker): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('knex', KNEX_VERSIONS, undefined, undefined, [
      new InstrumentationNodeModuleFile('knex/lib/migrations/migrate/Migrator.js', KNEX_VERSIONS,
        (exports: { Migrator?: { prototype: Record<string, unknown> } }) => {
          patchOnce(exports.Migrator?.prototype, (prototype) => patchMigrator(prototype, tracker));
          return exports;
        }, permanentPatch),
      new InstrumentationNodeModuleFile('knex/lib/migrations/migrate/migration-list-resolver.js', KNEX_VERSIONS,
        (exports: Record<string, unknown>) => {
          patchOnce(exports, (resolver) => {
            const original = resolver.listAllAndCompleted;
            if (typeof original !== 'function') return;
            resolver.listAllAndCompleted = function listAllAndCompleted(this: unknown, ...args: unknown[]) {
              const result = (original as Method).apply(this, args);
              runGuarded('knex: reading migration lists', () => tracker.listed(args[1], result));
              return result;
            };
          });
          return exports;
        }, permanentPatch),
      new InstrumentationNodeModuleFile('knex/lib/knex-builder/make-knex.js', KNEX_VERSIONS,
        (makeKnex: Method) => {
          if (typeof makeKnex !== 'function' || !firstPatch(makeKnex)) return makeKnex;
          const patched = function makeKnexPatched(this: unknown, ...args: unknown[]) {
            const instance = makeKnex.apply(this, args);
            runGuarded('knex: a new instance', () => tracker.instanceCreated(instance as KnexInstance));
            return instance;
          };
          firstPatch(patched);
          return patched;
        }, permanentPatch),
      // Only to tell MariaDB from MySQL: the server names itself when a connection opens.
      new InstrumentationNodeModuleFile('knex/lib/dialects/mysql/index.js', KNEX_VERSIONS,
        (exports: { prototype?: Record<string, unknown> }) => {
          patchOnce(exports.prototype, (prototype) => {
            const original = prototype.acquireRawConnection;
            if (typeof original !== 'function') return;
            prototype.acquireRawConnection = function acquireRawConnection(this: KnexClient, ...args: unknown[]) {
              const result = (original as Method).apply(this, args);
              if (result instanceof Promise) {
                result.then((connection) => runGuarded('knex: reading the server greeting', () => noteMysqlConnection(this, connection)), ignoreFailure);
              }
              return result;
            };
          });
          return exports;
        }, permanentPatch),
    ]),
  ];
}

// A failed connection is the app's to handle; telling MariaDB from MySQL just waits for the next one.
function ignoreFailure(): void {}
