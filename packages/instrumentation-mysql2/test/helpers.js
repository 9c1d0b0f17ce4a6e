'use strict';
// Shared by the mysql2 layer's tests (one scenario per file): the app, the paths every scenario
// runs on (mysql2 releases and mechanisms), the labels of the test server and readers of the scrape.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');

const APP = 'packages/instrumentation-mysql2/test/fixtures/mysql2-app.js';
const OLD = 'test-fixtures/versions/mysql2-3.11';
const TARGET = { db_system_name: 'mariadb', server_address: '127.0.0.1', server_port: '3306' };

/** Sum of the values of every sample of `name` whose labels include `labels`. */
function total(text, name, labels = {}) {
  return findSamples(text, name, labels).reduce((sum, sample) => sum + sample.value, 0);
}

const count = (text, labels) => total(text, 'db_client_operation_duration_seconds_count', labels);
const ok = (labels) => ({ ...TARGET, db_namespace: 'test', error_type: undefined, ...labels });
const failed = (errorType, labels) => ({ ...TARGET, error_type: errorType, ...labels });

/** Runs `action` and returns how much `measure(exposition)` grew meanwhile. */
async function growth(app, measure, action) {
  const before = measure(await app.scrape());
  await action();
  return measure(await app.scrape()) - before;
}

const PATHS = [
  { title: 'patch path (mysql2 3.24, the default)', env: {}, version: /^3\.(2\d|[3-9]\d)\./ },
  { title: 'patch path (mysql2 3.11, require-time patches)', env: { MYSQL2_DIR: OLD }, version: /^3\.11\./ },
  // The oldest of the range, from before lib/base/: the patch finds the methods on lib/connection.js.
  {
    title: 'patch path (mysql2 3.0, require-time patches)',
    env: { MYSQL2_DIR: 'test-fixtures/versions/mysql2-3.0' },
    version: /^3\.0\./,
  },
  // 3.24 through its diagnostics channels (mechanism 'channels'), the variant the benchmark compares.
  {
    title: 'channel path on mysql2 3.24 (mechanism channels)',
    env: {},
    version: /^3\.(2\d|[3-9]\d)\./,
    options: { preload: 'none', execArgv: ['--require', './test-fixtures/apps/mysql2-channels-preload.js'] },
  },
];

/** The app of one path, set up and connected, for the tests of a `describe`. */
function useMysql2App(path) {
  return useApp(
    'mariadb',
    APP,
    { env: path.env, ...path.options },
    {
      check: async (app) => expect(await app.call('version')).to.match(path.version),
      calls: [['setup'], ['connect']],
    },
  );
}

module.exports = { APP, OLD, TARGET, PATHS, total, count, ok, failed, growth, useMysql2App };
