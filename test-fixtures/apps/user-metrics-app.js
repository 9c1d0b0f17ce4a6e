'use strict';
// An app that also makes its own metrics through @opentelemetry/api, and runs OpenTelemetry's own
// HTTP instrumentation (tracing and its metrics) next to nodeprom's when WITH_OTEL_HTTP is set.
const http = require('node:http');
const { metrics } = require('@opentelemetry/api');
const { serve } = require('@nodeprom/test-utils/app');

if (process.env.WITH_OTEL_HTTP) {
  const { registerInstrumentations } = require('@opentelemetry/instrumentation');
  const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');
  registerInstrumentations({ instrumentations: [new HttpInstrumentation()] });
}

const meter = metrics.getMeter('shop');
const orders = meter.createCounter('shop.orders', { description: 'Orders placed.', unit: '{order}' });
const basket = meter.createHistogram('shop.basket.value', { description: 'Basket value.', unit: 'By' });
// Same name as nodeprom's: it must merge into one family, never a second one.
const duplicate = meter.createHistogram('http.server.request.duration', {
  unit: 's',
  description: 'duplicate from the app',
});

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  serve(
    {
      order() {
        orders.add(1, { channel: 'web' });
        basket.record(100, { channel: 'web' });
        duplicate.record(0.5, { 'http.request.method': 'GET', source: 'app' });
      },
      close: () => new Promise((resolve) => server.close(resolve)),
    },
    { port: server.address().port },
  );
});
