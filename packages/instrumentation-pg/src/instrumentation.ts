import {
  dbClientRecorder,
  NodepromInstrumentation,
  type LayerSwitch,
  type MetricSink,
  type NodepromConfig,
} from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { PG_VERSIONS, pgModuleDefinitions, pgSwitch } from './hook';
import { PgEvents } from './events';

export interface PgInstrumentationConfig extends InstrumentationConfig {
  /**
   * Bucket boundaries of `db_client_operation_duration_seconds`, in seconds (shared by every data
   * layer writing to the same sink; the first layer's setting applies).
   * @default the semantic-convention buckets (`NODEPROM_DB_DURATION_BUCKETS`)
   */
  durationBuckets?: readonly number[];
}

const PACKAGE_VERSION = '0.1.0';

/**
 * PostgreSQL client metrics for pg 8.x and pg-pool 3.x: operation durations and returned rows per
 * statement summary, connection attempts, pool waits, and pool gauges read at scrape time.
 * Hooked by require-time patches of pg's internal files, so ESM apps need no loader hook.
 */
export class PgInstrumentation extends NodepromInstrumentation<PgInstrumentationConfig> {
  declare private events: PgEvents | undefined;

  constructor(config: PgInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-pg', PACKAGE_VERSION, config);
  }

  protected init() {
    return pgModuleDefinitions();
  }

  protected onSink(sink: MetricSink): void {
    this.events?.close();
    this.events = new PgEvents(dbClientRecorder(sink, this.getConfig().durationBuckets));
  }

  protected override layerSwitch(): LayerSwitch<unknown> {
    return pgSwitch as LayerSwitch<unknown>;
  }

  protected override layerEvents(): unknown {
    return this.events;
  }

  protected override onEnable(): void {
    this.warnIfLoadedEarly('pg', PG_VERSIONS);
  }

  protected override onDisable(): void {
    this.events?.close();
  }
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): PgInstrumentation {
  return new PgInstrumentation({ enabled: false, durationBuckets: config.dbDurationBuckets });
}
