'use strict';
// The standard OpenTelemetry way, no preload: the app's own MeterProvider and PrometheusExporter
// (on METRICS_PORT), nodeprom's layers registered through OpenTelemetry's registerInstrumentations.
// The exporter options are the ones the README gives for nodeprom's names.
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@nodeprom/instrumentation-http');
const { PgInstrumentation } = require('@nodeprom/instrumentation-pg');
const { IoredisInstrumentation } = require('@nodeprom/instrumentation-ioredis');

const exporter = new PrometheusExporter({
  host: '127.0.0.1',
  port: Number(process.env.METRICS_PORT),
  withoutScopeInfo: true,
});
const meterProvider = new MeterProvider({ readers: [exporter] });
registerInstrumentations({
  meterProvider,
  instrumentations: [new HttpInstrumentation(), new PgInstrumentation(), new IoredisInstrumentation()],
});

require('./routes').start();
