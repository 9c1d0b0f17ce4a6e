import { perSink } from './per-sink';
import type { Attributes } from '@opentelemetry/api';
import { DB_MIGRATION_DURATION, DB_MIGRATIONS_APPLIED, DB_MIGRATIONS_PENDING } from './metrics';
import type { HistogramCell, Instrument, MetricSink } from './sink';

export type MigrationDirection = 'up' | 'down';

/**
 * A database whose migrations are counted: one per database system and namespace, interned by
 * `MigrationsRecorder.target`. `system` is an OpenTelemetry `db.system.name` value chosen by the
 * layer from a fixed list, so it stays bounded.
 */
export interface MigrationTarget {
  readonly system: string;
  readonly namespace: string | undefined;
}

interface Counts {
  applied: number;
  pending: number;
}

class TargetState {
  /** Counts by migrations table (`schema.table`): one database may hold several migration sets. */
  readonly tables = new Map<string, Counts>();
  readonly runs = new Map<string, HistogramCell>();
  constructor(readonly attributes: Attributes) {}
}

/**
 * Records the migration metrics (knex layer): the applied and pending gauges, which hold the last
 * counts a layer reported for each database and migrations table and are read at scrape time, and
 * the duration of each migration file run. Migrations are rare, so nothing here is on a hot path;
 * attribute sets are still built once per target.
 */
export class MigrationsRecorder {
  private readonly duration: Instrument<HistogramCell>;
  private readonly targets = new Map<string, MigrationTarget>();
  private readonly states = new WeakMap<MigrationTarget, TargetState>();
  private readonly reported = new Set<MigrationTarget>();

  constructor(sink: MetricSink) {
    this.duration = sink.histogram(DB_MIGRATION_DURATION);
    const each = (pick: (counts: Counts) => number) => (observe: (value: number, attributes: Attributes) => void) => {
      for (const target of this.reported) {
        const state = this.states.get(target)!;
        let total = 0;
        for (const counts of state.tables.values()) total += pick(counts);
        observe(total, state.attributes);
      }
    };
    // Registered for the life of the recorder, which lives as long as its sink (one per sink).
    sink.gauge(
      DB_MIGRATIONS_APPLIED,
      each((counts) => counts.applied),
    );
    sink.gauge(
      DB_MIGRATIONS_PENDING,
      each((counts) => counts.pending),
    );
  }

  /** Interns a target. Cold: call when a migration command runs or a count is read. */
  target(system: string, namespace: string | undefined): MigrationTarget {
    const key = `${system}\0${namespace ?? ''}`;
    let target = this.targets.get(key);
    if (target === undefined) {
      target = Object.freeze({ system, namespace });
      const attributes: Attributes = { 'db.system.name': system };
      if (namespace !== undefined) attributes['db.namespace'] = namespace;
      this.targets.set(key, target);
      this.states.set(target, new TargetState(attributes));
    }
    return target;
  }

  /** One migration file run in `direction`; `errorType` is undefined when it succeeded. */
  migrationRun(
    target: MigrationTarget,
    direction: MigrationDirection,
    durationSeconds: number,
    errorType: string | undefined,
  ): void {
    const state = this.states.get(target)!;
    const key = errorType === undefined ? direction : `${direction}\0${errorType}`;
    let cell = state.runs.get(key);
    if (cell === undefined) {
      const attributes: Attributes = { ...state.attributes, 'db.migration.direction': direction };
      if (errorType !== undefined) attributes['error.type'] = errorType;
      cell = this.duration.cell(attributes);
      state.runs.set(key, cell);
    }
    cell.record(durationSeconds);
  }

  /** The counts of one migrations table of `target` (`table` names it, e.g. `public.knex_migrations`). */
  setCounts(target: MigrationTarget, table: string, applied: number, pending: number): void {
    const state = this.states.get(target)!;
    const counts = state.tables.get(table);
    if (counts === undefined) state.tables.set(table, { applied, pending });
    else {
      counts.applied = applied;
      counts.pending = pending;
    }
    this.reported.add(target);
  }
}

/** The migrations recorder of a sink, shared by every layer writing to it. */
export const migrationsRecorder = perSink((sink) => new MigrationsRecorder(sink));
