'use strict';
// Preload of the benchmark's OpenTelemetry variant: a MeterProvider read by a Prometheus exporter
// (not serving; the benchmark never scrapes) and OpenTelemetry's own pg instrumentation.
const { metrics } = require('@opentelemetry/api');
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { PgInstrumentation } = require('@opentelemetry/instrumentation-pg');

const meterProvider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
metrics.setGlobalMeterProvider(meterProvider);
registerInstrumentations({ meterProvider, instrumentations: [new PgInstrumentation()] });
