import type { NodepromConfig } from '@nodeprom/core';
import { RuntimeInstrumentation } from './instrumentation';

export { RuntimeInstrumentation } from './instrumentation';
export type { RuntimeInstrumentationConfig } from './instrumentation';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): RuntimeInstrumentation {
  return new RuntimeInstrumentation({ enabled: false, metricsNames: config.runtimeMetricsNames });
}
