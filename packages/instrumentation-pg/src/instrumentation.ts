import { dbClientRecorder, NodepromInstrumentation, type MetricSink } from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { PG_VERSIONS, pgModuleDefinitions, setPgEvents } from './hook';
import { PgTracker } from './tracker';

export type PgInstrumentationConfig = InstrumentationConfig;

const PACKAGE_VERSION = '0.1.0';

/**
 * PostgreSQL client metrics for pg 8.x and pg-pool 3.x: operation durations and returned rows per
 * statement summary, connection attempts, pool waits, and pool gauges read at scrape time.
 * Hooked by require-time patches of pg's internal files, so ESM apps need no loader hook.
 */
export class PgInstrumentation extends NodepromInstrumentation<PgInstrumentationConfig> {
  declare private tracker: PgTracker | undefined;

  constructor(config: PgInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-pg', PACKAGE_VERSION, config);
  }

  protected init() {
    return pgModuleDefinitions();
  }

  protected onSink(sink: MetricSink): void {
    this.tracker?.close();
    this.tracker = new PgTracker(dbClientRecorder(sink));
    if (this.isEnabled()) setPgEvents(this.tracker);
  }

  protected override onEnable(): void {
    this.warnIfLoadedEarly('pg', PG_VERSIONS);
    setPgEvents(this.tracker);
  }

  protected override onDisable(): void {
    setPgEvents(undefined);
    this.tracker?.close();
  }
}
