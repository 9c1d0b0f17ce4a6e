'use strict';
// pg: CPU per `SELECT 1` in the client process, bare vs nodeprom vs OpenTelemetry's
// @opentelemetry/instrumentation-pg (test-fixtures/versions/bench-otel-pg).
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, variants, runLoop } = require('./harness');
const { reachable } = require('@nodeprom/test-utils');

const LOOP = path.join(__dirname, 'pg-loop.js');
const OTEL_DIR = path.join(ROOT, 'test-fixtures', 'versions', 'bench-otel-pg');
const otelPreload = fs.existsSync(path.join(OTEL_DIR, 'node_modules', '@opentelemetry', 'instrumentation-pg'))
  ? path.join(OTEL_DIR, 'preload.js')
  : undefined;

module.exports = {
  name: 'pg SELECT 1',
  variants: variants(otelPreload),
  available: () => reachable(5432),
  unavailable: 'PostgreSQL is not reachable on 127.0.0.1:5432',
  measure: (variant, execArgv) => runLoop(LOOP, execArgv),
};
