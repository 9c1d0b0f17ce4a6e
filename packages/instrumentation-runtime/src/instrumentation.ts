import { NodepromInstrumentation, type MetricSink, type RuntimeMetricsNames } from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { RuntimeCollection } from './collection';

export interface RuntimeInstrumentationConfig extends InstrumentationConfig {
  /**
   * The metric names: OpenTelemetry's runtime semantic conventions, or prom-client's default metrics.
   * @default 'opentelemetry' (NODEPROM_RUNTIME_METRICS_NAMES)
   */
  metricsNames?: RuntimeMetricsNames;
}

const PACKAGE_VERSION = '0.1.0';

/**
 * The process's own health: event loop delay and utilization, garbage collection, memory, CPU, file
 * descriptors and active resources. Read at scrape time (nothing runs per request); the only
 * things running between scrapes are Node's event loop delay monitor and a GC PerformanceObserver,
 * both stopped by `disable()`, neither keeping the process alive. Hooks no module.
 */
export class RuntimeInstrumentation extends NodepromInstrumentation<RuntimeInstrumentationConfig> {
  declare private sink: MetricSink | undefined;
  declare private collection: RuntimeCollection | undefined;

  constructor(config: RuntimeInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-runtime', PACKAGE_VERSION, config);
  }

  protected init() {
    return [];
  }

  protected onSink(sink: MetricSink): void {
    this.sink = sink;
    if (this.isEnabled()) this.start();
  }

  protected override onEnable(): void {
    this.start();
  }

  protected override onDisable(): void {
    this.collection?.stop();
    this.collection = undefined;
  }

  private start(): void {
    this.collection?.stop();
    this.collection = undefined;
    if (this.sink === undefined) return;
    // Only the configured profile is loaded: every preloaded process pays for what it loads (issue 11 §7).
    const profile =
      this.getConfig().metricsNames === 'prom-client'
        ? (require('./prom-client-profile') as typeof import('./prom-client-profile')).promClientProfile
        : (require('./opentelemetry-profile') as typeof import('./opentelemetry-profile')).openTelemetryProfile;
    this.collection = profile(this.sink);
  }
}
