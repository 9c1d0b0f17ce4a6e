import { log, monotonicMs, runGuarded } from '@nodeprom/core';
import type { MigrationDirection, MigrationsRecorder } from '@nodeprom/core';
import { migrationErrorType } from './error-type';
import { namespaceOf, systemOf, type KnexClient } from './target';

/*
 * The knex layer's events, from the patches in hook.ts:
 * - a migration file ran up or down, with its duration and error (per-file timing);
 * - a migrator command settled: the applied and pending counts are then known (computed from the
 *   lists knex read at the start of the command plus the files it ran) or re-read in the background;
 * - a knex instance with a migrations configuration was created: the opt-in start-up check.
 * Knex has no types for its internals; the interfaces below name only what is read here.
 */

export interface MigrationSource {
  getMigrations(loadExtensions?: unknown): unknown;
  getMigrationName(migration: unknown): string;
  getMigration(migration: unknown): unknown;
}

export interface MigratorConfig {
  readonly migrationSource?: MigrationSource;
  readonly tableName?: string;
  readonly schemaName?: string;
  readonly loadExtensions?: unknown;
}

interface QueryBuilder extends PromiseLike<unknown> {
  withSchema(schema: string): QueryBuilder;
  select(column: string): QueryBuilder;
}

export interface KnexInstance {
  (table: string): QueryBuilder;
  readonly client: KnexClient;
  readonly migrate: Migrator;
  disableProcessing?(): void;
}

export interface Migrator {
  knex: KnexInstance;
  config: MigratorConfig;
}

/** What a command leaves behind: `up` adds the files it ran, `down` removes them, `list` returns both lists. */
export type CommandKind = 'up' | 'down' | 'list' | 'read';

/** [all files, completed rows] as knex's listAllAndCompleted resolves them. */
type Lists = readonly [readonly unknown[], readonly unknown[]];

/** After this long, unref'd: a short-lived tool that creates a knex instance exits without touching the database. */
const CHECK_DELAY_MS = 1000;

function rowName(row: unknown): unknown {
  // knex 3 lists completed migrations as rows ({ name }); some 2.x paths as bare names.
  return row !== null && typeof row === 'object' ? (row as { name?: unknown }).name : row;
}

function tableKey(config: MigratorConfig): string {
  return `${config.schemaName ?? ''}.${config.tableName ?? 'knex_migrations'}`;
}

function isLists(value: unknown): value is Lists {
  return Array.isArray(value) && Array.isArray(value[0]) && Array.isArray(value[1]);
}

/**
 * [applied, pending] as a successful command left them, from what knex itself listed; undefined
 * when the command gives nothing to go by.
 */
function countsAfter(kind: CommandKind, value: unknown, lists: Lists | undefined, source: MigrationSource | undefined): [number, number] | undefined {
  if (kind === 'list') return isLists(value) ? [value[0].length, value[1].length] : undefined;
  if (lists === undefined || source === undefined) return undefined;
  const applied = new Set(lists[1].map(rowName));
  if (kind === 'up' || kind === 'down') {
    if (!isBatchResult(value)) return undefined;
    for (const name of value[1]) {
      if (kind === 'up') applied.add(name);
      else applied.delete(name);
    }
  }
  // 'read' (status): it listed both sides itself, so no need to ask the database again.
  return [applied.size, countPending(lists[0], applied, source)];
}

function isBatchResult(value: unknown): value is readonly [unknown, readonly string[]] {
  return Array.isArray(value) && Array.isArray(value[1]);
}

export class MigrationTracker {
  /** The lists read by the command running on a migrator's knex, until the command settles. */
  private readonly lists = new WeakMap<object, Lists>();
  /**
   * Commands settled, per database and migrations table. A background read applies its counts
   * only if no command on the same migrations settled meanwhile (a command's counts are fresher);
   * commands on other databases do not cancel it.
   */
  private readonly settled = new Map<string, number>();

  private settledOn(migrator: Migrator): number {
    return this.settled.get(settleKey(migrator)) ?? 0;
  }

  constructor(
    private readonly recorder: () => MigrationsRecorder | undefined,
    private readonly enabled: () => boolean,
    private readonly startUpCheck: boolean,
  ) {}

  /** From knex's listAllAndCompleted: remembers what the command on `knex` started from. */
  listed(knex: unknown, result: unknown): void {
    if (!this.enabled() || knex === null || typeof knex !== 'function') return;
    if (result instanceof Promise) {
      result.then((lists: unknown) => {
        if (isLists(lists)) this.lists.set(knex, lists);
      }, noop);
    }
  }

  /**
   * From a migrator command: returns what the app gets in place of `result`. A promise is chained
   * rather than watched with `then(ok, fail)` on the app's own promise: a rejection handler there
   * would mark the app's failure handled, and a migration failure the app never catches would no
   * longer surface as an unhandled rejection. The chained promise settles with the same value or
   * the same error, one microtask later; the gauges are set before the app's code resumes.
   */
  command(migrator: Migrator, kind: CommandKind, result: unknown): unknown {
    if (!this.enabled() || !(result instanceof Promise)) return result;
    return result.then(
      (value: unknown) => {
        runGuarded('knex: counting migrations', () => this.commandSettled(migrator, kind, true, value));
        return value;
      },
      (error: unknown) => {
        runGuarded('knex: counting migrations', () => this.commandSettled(migrator, kind, false, undefined));
        throw error;
      },
    );
  }

  private commandSettled(migrator: Migrator, kind: CommandKind, ok: boolean, value: unknown): void {
    const key = settleKey(migrator);
    this.settled.set(key, (this.settled.get(key) ?? 0) + 1);
    const lists = this.lists.get(migrator.knex);
    this.lists.delete(migrator.knex);
    const recorder = this.recorder();
    if (recorder === undefined) return;
    const counts = ok ? countsAfter(kind, value, lists, migrator.config.migrationSource) : undefined;
    // A failed command (what it left applied depends on the database's transactional DDL) or one
    // that does not list (currentVersion, forceFreeMigrationsLock): read the counts again.
    if (counts === undefined) {
      this.read(migrator, 'refresh');
      return;
    }
    recorder.setCounts(this.targetOf(recorder, migrator.knex.client), tableKey(migrator.config), counts[0], counts[1]);
  }

  private targetOf(recorder: MigrationsRecorder, client: KnexClient) {
    return recorder.target(systemOf(client), namespaceOf(client));
  }

  /**
   * Reads the applied and pending counts without writing anything (knex's own listing creates the
   * migrations tables when missing, which a check must not do): the migration files, and the
   * names in the migrations table.
   */
  private read(migrator: Migrator, reason: 'check' | 'refresh'): void {
    const settledBefore = this.settledOn(migrator);
    const { knex, config } = migrator;
    const source = config.migrationSource;
    if (source === undefined) return;
    const done = (files: unknown, rows: unknown) => {
      const recorder = this.recorder();
      if (recorder === undefined || this.settledOn(migrator) !== settledBefore || !Array.isArray(files) || !Array.isArray(rows)) return;
      const applied = new Set(rows.map(rowName));
      const pending = countPending(files, applied, source);
      recorder.setCounts(this.targetOf(recorder, knex.client), tableKey(config), rows.length, pending);
    };
    const failed = (error: unknown) => {
      // A command that settled meanwhile (and perhaps destroyed the pool) has set the counts.
      if (this.settledOn(migrator) !== settledBefore) return;
      const where = `${systemOf(knex.client)} ${namespaceOf(knex.client) ?? '(no database name)'}`;
      const detail = error instanceof Error ? error.message : String(error);
      if (reason === 'check') {
        log.warnOnce(`knex check ${where} ${tableKey(config)}`, `the knex migrations check (NODEPROM_KNEX_MIGRATIONS_CHECK) could not read the migrations of ${where} (${detail}); db_migrations_applied and db_migrations_pending stay absent until the app runs a migration command.`);
      } else {
        log.debug(`knex: re-reading the migrations of ${where} failed (${detail}); the gauges keep their last values.`);
      }
    };
    try {
      knex.disableProcessing?.();
      let query = knex(config.tableName ?? 'knex_migrations');
      if (config.schemaName) query = query.withSchema(config.schemaName);
      Promise.all([source.getMigrations(config.loadExtensions), query.select('name')]).then(
        ([files, rows]) => runGuarded('knex: reading migrations', () => done(files, rows)),
        (error: unknown) => runGuarded('knex: reading migrations', () => failed(error)),
      );
    } catch (error) {
      failed(error);
    }
  }

  /** From knex's makeKnex: schedules the start-up check for an instance with a migrations configuration. */
  instanceCreated(knex: KnexInstance): void {
    if (!this.startUpCheck || !this.enabled()) return;
    const client = knex.client;
    if (client === undefined || client.transacting === true || client.config?.migrations === undefined) return;
    const migrator = knex.migrate;
    const settledBefore = this.settledOn(migrator);
    const timer = setTimeout(() => runGuarded('knex: migrations check', () => {
      // A command that ran meanwhile has already set fresher counts; an instance destroyed
      // meanwhile (its pool is gone) is left alone.
      if (this.settledOn(migrator) !== settledBefore || !this.enabled() || !client.pool) return;
      this.read(migrator, 'check');
    }), CHECK_DELAY_MS);
    timer.unref();
  }

  /**
   * Wraps the migration source a batch reads its files from, so that each file's `up` or `down` is
   * timed. The app's module objects are not touched: knex gets a view of each whose `direction`
   * function is timed and everything else (its `config`, other exports) is the module's own.
   */
  timedSource(migrator: Migrator, source: MigrationSource, direction: MigrationDirection): MigrationSource {
    const tracker = this;
    const timed = (content: unknown): unknown => tracker.timedContent(migrator, content, direction);
    return Object.create(source, {
      getMigration: {
        value: function getMigration(migration: unknown): unknown {
          const content = source.getMigration(migration);
          return content instanceof Promise ? content.then(timed) : timed(content);
        },
      },
    }) as MigrationSource;
  }

  private timedContent(migrator: Migrator, content: unknown, direction: MigrationDirection): unknown {
    if (content === null || typeof content !== 'object') return content;
    const run = (content as Record<string, unknown>)[direction];
    if (typeof run !== 'function') return content;
    const tracker = this;
    return Object.create(content, {
      [direction]: {
        enumerable: true,
        value: function timedMigration(...args: unknown[]): unknown {
          const start = monotonicMs();
          let result: unknown;
          try {
            result = run.apply(content, args);
          } catch (error) {
            tracker.ran(migrator, direction, start, error, true);
            throw error;
          }
          if (result === null || typeof (result as PromiseLike<unknown>)?.then !== 'function') {
            tracker.ran(migrator, direction, start, undefined, false);
            return result;
          }
          // A knex builder runs when its `then` is called, so it is called once, here, and knex
          // awaits this promise instead: same value, same error object.
          return new Promise((resolve, reject) => {
            (result as PromiseLike<unknown>).then(
              (value) => {
                tracker.ran(migrator, direction, start, undefined, false);
                resolve(value);
              },
              (error: unknown) => {
                tracker.ran(migrator, direction, start, error, true);
                reject(error);
              },
            );
          });
        },
      },
    });
  }

  private ran(migrator: Migrator, direction: MigrationDirection, start: number, error: unknown, failed: boolean): void {
    const seconds = (monotonicMs() - start) / 1000;
    runGuarded('knex: timing a migration', () => {
      const recorder = this.recorder();
      if (recorder === undefined || !this.enabled()) return;
      recorder.migrationRun(this.targetOf(recorder, migrator.knex.client), direction, seconds, failed ? migrationErrorType(error) : undefined);
    });
  }

}

function noop(): void {}

/** Which migrations a command or a read concerns: the database and the migrations table. */
function settleKey(migrator: Migrator): string {
  const client = migrator.knex.client;
  return `${systemOf(client)}\0${namespaceOf(client) ?? ''}\0${tableKey(migrator.config)}`;
}

/** Migration files whose names are not among the applied ones. */
function countPending(files: readonly unknown[], applied: ReadonlySet<unknown>, source: MigrationSource): number {
  let pending = 0;
  for (const migration of files) if (!applied.has(source.getMigrationName(migration))) pending++;
  return pending;
}
