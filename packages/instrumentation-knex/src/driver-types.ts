/*
 * The parts of knex (2.x, 3.x) and of its pool, tarn (3.x), this layer reads or wraps. Knex has no
 * types for its internals; these interfaces name only what is read. nodeprom's own state on these
 * objects lives in private slots (events.ts), never in properties.
 */
import type { KnexClient } from './target';

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

/** tarn's Pool, knex's own connection pool (`client.pool`). */
export interface TarnPool {
  readonly max?: number;
  readonly destroyed?: boolean;
  numUsed(): number;
  numFree(): number;
  numPendingAcquires(): number;
}

export type Method = (this: unknown, ...args: unknown[]) => unknown;
