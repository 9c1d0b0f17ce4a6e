import { NodepromInstrumentation, type MetricSink } from '@nodeprom/core';
import { migrationsRecorder, type MigrationsRecorder } from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { KNEX_VERSIONS, knexModuleDefinitions } from './hook';
import { MigrationTracker } from './tracker';

export interface KnexInstrumentationConfig extends InstrumentationConfig {
  /**
   * Read the applied and pending migrations once, in the background, when the app creates a knex
   * instance with a migrations configuration. Read-only; a failure is one warning.
   * @default false (`NODEPROM_KNEX_MIGRATIONS_CHECK`)
   */
  migrationsCheck?: boolean;
}

const PACKAGE_VERSION = '0.1.0';

/**
 * Migration metrics for knex 2 and 3: applied and pending gauges per database, refreshed after
 * every migrator command, and the duration of each migration file run.
 */
export class KnexInstrumentation extends NodepromInstrumentation<KnexInstrumentationConfig> {
  declare private recorder: MigrationsRecorder | undefined;
  declare private tracker: MigrationTracker;

  constructor(config: KnexInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-knex', PACKAGE_VERSION, config);
  }

  protected init() {
    // init() runs inside the base constructor, before field initializers: the tracker is made here.
    this.tracker = new MigrationTracker(
      () => this.recorder,
      () => this.isEnabled(),
      this.getConfig().migrationsCheck === true,
    );
    return knexModuleDefinitions(this.tracker);
  }

  protected onSink(sink: MetricSink): void {
    this.recorder = migrationsRecorder(sink);
  }

  protected override onEnable(): void {
    this.warnIfLoadedEarly('knex', KNEX_VERSIONS[0]!);
  }
}
