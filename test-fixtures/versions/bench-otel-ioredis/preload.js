'use strict';
// OpenTelemetry's own ioredis instrumentation, set up the way its README shows, for the benchmark's
// comparison: a MeterProvider with a Prometheus reader (no server) and the instrumentation registered.
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { metrics } = require('@opentelemetry/api');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { IORedisInstrumentation } = require('@opentelemetry/instrumentation-ioredis');

const meterProvider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
metrics.setGlobalMeterProvider(meterProvider);
registerInstrumentations({ meterProvider, instrumentations: [new IORedisInstrumentation()] });
