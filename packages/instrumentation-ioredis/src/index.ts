import type { NodepromConfig } from '@nodeprom/core';
import { IoredisInstrumentation } from './instrumentation';

export { IoredisInstrumentation } from './instrumentation';

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(_config: NodepromConfig): IoredisInstrumentation {
  return new IoredisInstrumentation({ enabled: false });
}
