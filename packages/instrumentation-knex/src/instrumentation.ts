import {
  DataLayerInstrumentation,
  dataLayerOptions,
  migrationsRecorder,
  type DataLayerConfig,
  type DbClientRecorder,
  type MetricSink,
  type NodepromConfig,
} from '@nodeprom/core';
import { KnexEvents } from './events';
import { KNEX_VERSIONS, knexModuleDefinitions, knexSwitch } from './hook';

export interface KnexInstrumentationConfig extends DataLayerConfig {
  /**
   * Read the applied and pending migrations once, in the background, when the app creates a knex
   * instance with a migrations configuration. Read-only; a failure is one warning.
   * @default false (`NODEPROM_KNEX_MIGRATIONS_CHECK`)
   */
  migrationsCheck?: boolean;
  /**
   * Bucket boundaries of `db_client_operation_duration_seconds` (shared by every data layer writing
   * to the same sink; knex records none itself, but may be the first to create the recorder).
   * @default the semantic-convention buckets (`NODEPROM_DB_DURATION_BUCKETS`)
   */
  durationBuckets?: readonly number[];
}

const PACKAGE_VERSION = '0.1.0';

/**
 * Metrics for knex 2 and 3: migrations (applied and pending gauges per database, refreshed after
 * every migrator command, and the duration of each migration file run) and knex's own connection
 * pool (tarn), reported like pg's and mysql2's pools.
 */
export class KnexInstrumentation extends DataLayerInstrumentation<KnexInstrumentationConfig, KnexEvents> {
  constructor(config: KnexInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-knex', PACKAGE_VERSION, config);
  }

  protected init() {
    return knexModuleDefinitions();
  }

  protected createEvents(db: DbClientRecorder, sink: MetricSink): KnexEvents {
    return new KnexEvents(migrationsRecorder(sink), db, this.getConfig().migrationsCheck === true);
  }

  protected layerSwitch() {
    return knexSwitch;
  }

  protected hooked() {
    return { name: 'knex', versions: KNEX_VERSIONS[0]! };
  }
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): KnexInstrumentation {
  return new KnexInstrumentation({ ...dataLayerOptions(config), migrationsCheck: config.knexMigrationsCheck });
}
