'use strict';
// OpenTelemetry's own mysql2 instrumentation with a MeterProvider and a Prometheus reader (no
// server), the comparison variant of scripts/bench/mysql2.scenario.js. Everything resolves from
// this folder's node_modules; mysql2 itself is the root's copy, which the app requires.
const { MeterProvider } = require('@opentelemetry/sdk-metrics');
const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
const { registerInstrumentations } = require('@opentelemetry/instrumentation');
const { MySQL2Instrumentation } = require('@opentelemetry/instrumentation-mysql2');

const meterProvider = new MeterProvider({ readers: [new PrometheusExporter({ preventServerStart: true })] });
registerInstrumentations({ meterProvider, instrumentations: [new MySQL2Instrumentation()] });
