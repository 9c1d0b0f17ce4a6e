'use strict';
// GET loop on ioredis: bare, nodeprom, OpenTelemetry's @opentelemetry/instrumentation-ioredis.
const path = require('node:path');
const fs = require('node:fs');
const { ROOT, variants, runLoop } = require('./harness');
const { reachable } = require('@nodeprom/test-utils');

const LOOP = path.join(__dirname, 'ioredis-loop.js');
const OTEL_PRELOAD = path.join(ROOT, 'test-fixtures', 'versions', 'bench-otel-ioredis', 'preload.js');
const otelInstalled = fs.existsSync(
  path.join(
    ROOT,
    'test-fixtures',
    'versions',
    'bench-otel-ioredis',
    'node_modules',
    '@opentelemetry',
    'instrumentation-ioredis',
  ),
);

module.exports = {
  name: 'ioredis GET',
  variants: variants(otelInstalled ? OTEL_PRELOAD : undefined),
  unavailable: 'Redis is not reachable on 127.0.0.1:6379',
  available: () => reachable(6379),
  measure: (variantName, execArgv) => runLoop(LOOP, execArgv),
};
