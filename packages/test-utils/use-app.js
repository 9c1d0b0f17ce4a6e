'use strict';
/* global before, after -- mocha's hooks: this module is required from test files only */
// One scenario per test file: `useApp` starts the app a file's tests run against (in a mocha
// `before`, after checking that the service it needs is up) and stops it afterwards. It returns the
// app's handle at once; its methods reach the started app once the hook ran.
const { requireService, startApp } = require('./index');

/**
 * `service`: 'postgres', 'mariadb' or 'redis' (the test is skipped without it). `calls`: handlers
 * to run once started (e.g. [['setup']]). `check(app)` may assert on the started app (its version).
 */
function useApp(service, file, options = {}, { calls = [], check } = {}) {
  let started;
  before(async function () {
    await requireService(this, service);
    started = await startApp(file, options);
    if (check) await check(started);
    for (const [name, ...args] of calls) await started.call(name, ...args);
  });
  after(async () => {
    if (started) await started.stop();
  });
  return {
    call: (...args) => started.call(...args),
    scrape: (...args) => started.scrape(...args),
    stop: () => started.stop(),
    get stderr() {
      return started.stderr;
    },
    get info() {
      return started.info;
    },
  };
}

module.exports = { useApp };
