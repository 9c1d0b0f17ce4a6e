'use strict';
// promtool check metrics on a scrape of the demo shop with every layer on (HTTP, pg, mysql2, ioredis,
// knex and runtime), in both runtime profiles.
const { execFile } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService, freePort, findSamples, promtoolCheck } = require('@nodeprom/test-utils');

function demoScrape(env) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.join(ROOT, 'scripts', 'demo.js'), '--once'],
      {
        cwd: ROOT,
        env: { ...process.env, NODEPROM_HOST: '127.0.0.1', ...env },
        timeout: 60000,
      },
      (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
    );
  });
}

// prom-client names three gauges `..._total`; promtool flags exactly these, in prom-client's own
// output too. The profile keeps them for the dashboards that query them.
const PROM_CLIENT_OWN_COMPLAINTS = [
  'nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
  'nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
];

describe('runtime: promtool with every layer on', function () {
  before(async function () {
    for (const service of ['postgres', 'mariadb', 'redis']) await requireService(this, service);
  });

  it('is clean with the OpenTelemetry names', async function () {
    const text = await demoScrape({ NODEPROM_PORT: String(await freePort()) });
    expect(
      findSamples(text, 'db_client_operation_duration_seconds_count', { db_system_name: 'postgresql' }),
    ).to.not.have.length(0);
    expect(findSamples(text, 'nodejs_eventloop_delay_p99_seconds')).to.have.length(1);
    expect(promtoolCheck(this, text)).to.equal('');
  });

  it('with the prom-client names, reports only the three _total gauges prom-client itself names so', async function () {
    const text = await demoScrape({
      NODEPROM_PORT: String(await freePort()),
      NODEPROM_RUNTIME_METRICS_NAMES: 'prom-client',
    });
    expect(findSamples(text, 'process_cpu_user_seconds_total')).to.have.length(1);
    expect(findSamples(text, 'http_server_request_duration_seconds_count')).to.not.have.length(0);
    const complaints = promtoolCheck(this, text)
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '')
      .sort();
    expect(complaints).to.deep.equal(PROM_CLIENT_OWN_COMPLAINTS);
  });
});
