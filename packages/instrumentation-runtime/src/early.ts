import type { MetricSink, NodepromConfig } from '@nodeprom/core';
import type { RuntimeCollection } from './collection';

/**
 * `@nodeprom/instrumentation-runtime/early`: the runtime readings started at start-up without the
 * layer object, whose OpenTelemetry base class would cost a preloaded process tens of
 * milliseconds (issue 11 §7). GC pauses and event loop delay must be read from the start, while
 * the `RuntimeInstrumentation` is only needed by a caller who asks for the layers. Returns what
 * stops the readings. Only the configured profile is loaded.
 */
export function startEarly(config: NodepromConfig, sink: MetricSink): () => void {
  const collection: RuntimeCollection =
    config.runtimeMetricsNames === 'prom-client'
      ? (require('./prom-client-profile') as typeof import('./prom-client-profile')).promClientProfile(sink)
      : (require('./opentelemetry-profile') as typeof import('./opentelemetry-profile')).openTelemetryProfile(sink);
  return () => collection.stop();
}
