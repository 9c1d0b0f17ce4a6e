// A TypeScript user of the standard mode and of the in-code API: compiled (tsc --noEmit) against the
// installed tarballs' declarations and the app's own OpenTelemetry line.
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { registerInstrumentations as startNodeprom, type NodepromHandle } from '@nodeprom/core';
import { HttpInstrumentation } from '@nodeprom/instrumentation-http';
import { PgInstrumentation } from '@nodeprom/instrumentation-pg';

const meterProvider = new MeterProvider();
registerInstrumentations({ meterProvider, instrumentations: [new HttpInstrumentation(), new PgInstrumentation()] });

const handle: NodepromHandle = startNodeprom({ serve: false, prefix: 'myapp' });
export const scraped: Promise<string> = handle.scrape();
