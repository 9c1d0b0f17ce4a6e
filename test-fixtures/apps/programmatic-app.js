'use strict';
// Programmatic use: registerInstrumentations() from @nodeprom/core with options, no preload flag.
// MODE=otel instead hands nodeprom's HTTP layer to OpenTelemetry's registerInstrumentations with the
// app's own MeterProvider (the standard way), whose Prometheus exporter serves on METRICS_PORT.
const http = require('node:http');
const { serve } = require('@nodeprom/test-utils/app');

let handle;
if (process.env.MODE === 'otel') {
  const { MeterProvider } = require('@opentelemetry/sdk-metrics');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@nodeprom/instrumentation-http');
  const exporter = new PrometheusExporter({ port: Number(process.env.NODEPROM_PORT), host: '127.0.0.1' });
  const meterProvider = new MeterProvider({ readers: [exporter] });
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()], meterProvider });
} else {
  const { registerInstrumentations } = require('@nodeprom/core');
  const { HttpInstrumentation } = require('@nodeprom/instrumentation-http');
  handle = registerInstrumentations({
    // Constructed enabled, as OpenTelemetry instrumentations are by default: registering it must not
    // enable it a second time (which would count every request twice).
    instrumentations: [new HttpInstrumentation({ durationBuckets: [0.1, 1] })],
    prefix: 'myapp',
  });
}

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  serve(
    {
      close: async () => {
        await handle?.shutdown();
        await new Promise((resolve) => server.close(resolve));
      },
      async shutdownAndCheck() {
        await handle.shutdown();
        return { again: require('@nodeprom/core').registerInstrumentations({ serve: false }) !== handle };
      },
    },
    { port: server.address().port },
  );
});
