import {
  givenPoolName,
  log,
  poolName,
  runGuarded,
  type DbClientRecorder,
  type DbSystemName,
  type MigrationDirection,
  type MigrationsRecorder,
  type RegisteredPool,
} from '@nodeprom/core';
import { errorType, monotonicMs, privateSlot } from '@nodeprom/core/hot';
import type { KnexInstance, MigrationSource, Migrator, MigratorConfig, TarnPool } from './driver-types';
import { namespaceOf, serverOf, systemOf, type KnexClient } from './target';

/*
 * The knex layer's events, from the patches in patches.ts:
 * - a migration file ran up or down, with its duration and error (per-file timing);
 * - a migrator command settled: the applied and pending counts are then known (computed from the
 *   lists knex read at the start of the command plus the files it ran) or re-read in the background;
 * - a knex instance with a migrations configuration was created: the opt-in start-up check;
 * - a connection was acquired from knex's own pool (tarn): the wait, and the pool registered with
 *   core's DbClientRecorder like pg's and mysql2's pools (used, idle, pending, max).
 */

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
function countsAfter(
  kind: CommandKind,
  value: unknown,
  lists: Lists | undefined,
  source: MigrationSource | undefined,
): [number, number] | undefined {
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

/** The knex instance a client belongs to (named with `namePool(knex, name)`). */
const instanceOfClient = privateSlot<KnexInstance>();
/** A tarn pool's registration, and the events instance that made it. */
const poolRecord = privateSlot<{ readonly events: KnexEvents; readonly registered: RegisteredPool }>();

/** Called from knex's makeKnex: remembers which instance a client belongs to. */
export function instanceCreated(knex: KnexInstance): void {
  if (knex.client !== undefined && knex.client !== null) instanceOfClient.set(knex.client as object, knex);
}

/** The instance of a client, also of a transaction's client (made with Object.create from it). */
function instanceOf(client: object): KnexInstance | undefined {
  for (let at: object | null = client; at !== null && at !== Object.prototype; at = Object.getPrototypeOf(at)) {
    const instance = instanceOfClient.get(at);
    if (instance !== undefined) return instance;
  }
  return undefined;
}

function readTarn(pool: TarnPool) {
  if (pool.destroyed === true) return undefined;
  return {
    used: pool.numUsed(),
    idle: pool.numFree(),
    pending: pool.numPendingAcquires(),
    max: typeof pool.max === 'number' ? pool.max : -1,
  };
}

/** Ports the drivers default to, so that a pool is named `host:port/db` like pg's and mysql2's own pools. */
const DEFAULT_PORTS: Readonly<Record<string, number>> = {
  postgresql: 5432,
  mysql: 3306,
  mariadb: 3306,
  cockroachdb: 26257,
};

export class KnexEvents {
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

  /** Pools this instance registered, to stop their gauges when it is replaced or disabled. */
  private readonly pools = new Set<RegisteredPool>();

  constructor(
    private readonly migrations: MigrationsRecorder,
    private readonly db: DbClientRecorder,
    private readonly startUpCheck: boolean,
  ) {}

  /** `client` asked its pool for a connection at `startedAt` and got one. */
  connectionAcquired(client: KnexClient, startedAt: number): void {
    const registered = this.pool(client);
    if (registered !== undefined) this.db.poolWait(registered, (monotonicMs() - startedAt) / 1000);
  }

  /** Registers knex's own pool (tarn) of `client` on first use; undefined for an external pool. */
  pool(client: KnexClient): RegisteredPool | undefined {
    const pool = client.pool as TarnPool | undefined;
    if (pool === undefined || pool === null || typeof pool.numUsed !== 'function') return undefined;
    const known = poolRecord.get(pool);
    if (known !== undefined && known.events === this) return known.registered;
    const server = serverOf(client);
    const instance = instanceOf(client);
    const system = systemOf(client) as DbSystemName;
    const port = server.port ?? DEFAULT_PORTS[system];
    const name = poolName(
      instance === undefined ? undefined : givenPoolName(instance),
      "a knex instance's pool name (namePool(knex, name))",
      server.address,
      port,
      namespaceOf(client),
    );
    const registered = this.db.registerPool(system, name, server.address, pool, readTarn);
    poolRecord.set(pool, { events: this, registered });
    this.pools.add(registered);
    return registered;
  }

  /** Stops the pool gauges this instance registered (the layer was disabled or its sink replaced). */
  close(): void {
    for (const registered of this.pools) this.db.closePool(registered);
    this.pools.clear();
  }

  /** From knex's listAllAndCompleted: remembers what the command on `knex` started from. */
  listed(knex: unknown, result: unknown): void {
    if (knex === null || typeof knex !== 'function') return;
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
    if (!(result instanceof Promise)) return result;
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
    const recorder = this.migrations;
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
      const recorder = this.migrations;
      if (this.settledOn(migrator) !== settledBefore || !Array.isArray(files) || !Array.isArray(rows)) return;
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
        log.warnOnce(
          `knex check ${where} ${tableKey(config)}`,
          `the knex migrations check (NODEPROM_KNEX_MIGRATIONS_CHECK) could not read the migrations of ${where} (${detail}); db_migrations_applied and db_migrations_pending stay absent until the app runs a migration command.`,
        );
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
    if (!this.startUpCheck) return;
    const client = knex.client;
    if (client === undefined || client.transacting === true || client.config?.migrations === undefined) return;
    const migrator = knex.migrate;
    const settledBefore = this.settledOn(migrator);
    const timer = setTimeout(
      () =>
        runGuarded('knex: migrations check', () => {
          // A command that ran meanwhile has already set fresher counts; an instance destroyed
          // meanwhile (its pool is gone) is left alone.
          if (this.settledOn(migrator) !== settledBefore || !client.pool) return;
          this.read(migrator, 'check');
        }),
      CHECK_DELAY_MS,
    );
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
      const recorder = this.migrations;
      recorder.migrationRun(
        this.targetOf(recorder, migrator.knex.client),
        direction,
        seconds,
        failed ? errorType(error) : undefined,
      );
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
