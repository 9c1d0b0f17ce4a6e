'use strict';
// The OpenTelemetry variant of the HTTP scenario: a MeterProvider with the Prometheus exporter and
// @opentelemetry/instrumentation-http, the minimal metrics set-up OpenTelemetry documents.
const { metrics } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { HttpInstrumentation } = require('@opentelemetry/instrumentation-http');

const meterProvider = new MeterProvider({ readers: [new PrometheusExporter({ port: 0, host: '127.0.0.1' })] });
metrics.setGlobalMeterProvider(meterProvider);
registerInstrumentations({ instrumentations: [new HttpInstrumentation()], meterProvider });
