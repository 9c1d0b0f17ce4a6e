'use strict';
// mysql2: client CPU per `SELECT 1` against the local MariaDB. Variants: bare, nodeprom (the default
// require-time patches), nodeprom-channels (mysql2 3.24's diagnostics channels instead, to compare
// the two mechanisms), and OpenTelemetry's @opentelemetry/instrumentation-mysql2 (0.69, the last release on
// @opentelemetry/instrumentation 0.2xx; it records spans through a no-op tracer and emits no metrics).
const fs = require('node:fs');
const path = require('node:path');
const { ROOT, variants, runLoop } = require('./harness');
const { reachable: serviceReachable } = require('../../packages/test-utils');

const LOOP = path.join(__dirname, 'mysql2-loop.js');
const OTEL_PRELOAD = path.join(ROOT, 'test-fixtures/versions/bench-otel-mysql2/preload.js');
const CHANNELS_PRELOAD = path.join(ROOT, 'test-fixtures/apps/mysql2-channels-preload.js');

const all = variants(
  fs.existsSync(path.join(ROOT, 'test-fixtures/versions/bench-otel-mysql2/node_modules')) ? OTEL_PRELOAD : undefined,
);
all['nodeprom-channels'] = ['--require', CHANNELS_PRELOAD];

module.exports = {
  name: 'mysql2 SELECT 1',
  variants: all,
  unavailable: 'MariaDB is not reachable on 127.0.0.1:3306',
  available: () => serviceReachable(3306),
  measure: (variantName, execArgv) => runLoop(LOOP, execArgv),
};
