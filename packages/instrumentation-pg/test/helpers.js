'use strict';
// Shared by the pg layer's tests (one scenario per file): metric names, the labels of the test
// server, and small readers of the scraped exposition.
const { sampleValue } = require('@nodeprom/test-utils');

const APP = 'packages/instrumentation-pg/test/fixtures/pg-app.js';
const DURATION = 'db_client_operation_duration_seconds';
const ROWS = 'db_client_response_returned_rows';
const CREATE = 'db_client_connection_create_time_seconds';
const WAIT = 'db_client_connection_wait_time_seconds';
const SERVER = { db_system_name: 'postgresql', db_namespace: 'test', server_address: '127.0.0.1', server_port: '5432' };
const DEFAULT_POOL = '127.0.0.1:5432/test';

/** The histogram's count for exactly these labels (`undefined` label = absent); 0 when no series. */
function count(text, name, labels) {
  return sampleValue(text, `${name}_count`, labels) ?? 0;
}
function sum(text, name, labels) {
  return sampleValue(text, `${name}_sum`, labels) ?? 0;
}

/** Runs `action` on `app` and returns the scrapes before and after it, and what it returned. */
async function around(app, action) {
  const before = await app.scrape();
  const value = await action();
  const after = await app.scrape();
  return { before, after, value };
}

module.exports = { APP, DURATION, ROWS, CREATE, WAIT, SERVER, DEFAULT_POOL, count, sum, around };
