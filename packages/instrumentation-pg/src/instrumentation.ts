import {
  DataLayerInstrumentation,
  dataLayerOptions,
  type DataLayerConfig,
  type DbClientRecorder,
  type NodepromConfig,
} from '@nodeprom/core';
import { PG_VERSIONS, pgModuleDefinitions, pgSwitch } from './hook';
import { PgEvents } from './events';

export type PgInstrumentationConfig = DataLayerConfig;

const PACKAGE_VERSION = '0.1.0';

/**
 * PostgreSQL client metrics for pg 8.x and pg-pool 3.x: operation durations and returned rows per
 * statement summary, connection attempts, pool waits, and pool gauges read at scrape time.
 * Hooked by require-time patches of pg's internal files, so ESM apps need no loader hook.
 */
export class PgInstrumentation extends DataLayerInstrumentation<PgInstrumentationConfig, PgEvents> {
  constructor(config: PgInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-pg', PACKAGE_VERSION, config);
  }

  protected init() {
    return pgModuleDefinitions();
  }

  protected createEvents(db: DbClientRecorder): PgEvents {
    return new PgEvents(db);
  }

  protected layerSwitch() {
    return pgSwitch;
  }

  protected hooked() {
    return { name: 'pg', versions: PG_VERSIONS };
  }
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): PgInstrumentation {
  return new PgInstrumentation(dataLayerOptions(config));
}
