'use strict';
const { execFile } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService, freePort, sampleValue, findSamples, promtoolCheck } = require('@nodeprom/test-utils');

describe('the quick-start demo (npm run demo)', function () {
  let text;
  before(async function () {
    for (const service of ['postgres', 'mariadb', 'redis']) await requireService(this, service);
    const port = await freePort();
    text = await new Promise((resolve, reject) => {
      execFile(
        process.execPath,
        [path.join(ROOT, 'scripts', 'demo.js'), '--once'],
        {
          cwd: ROOT,
          env: { ...process.env, NODEPROM_PORT: String(port), NODEPROM_HOST: '127.0.0.1' },
          timeout: 60000,
        },
        (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout)),
      );
    });
  });

  it('shows every layer in one scrape: HTTP routes, PostgreSQL, MariaDB, Redis and the knex migrations', () => {
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', {
        http_route: '/api/users/:id',
        http_response_status_code: '200',
      }),
    ).to.equal(10);
    expect(
      findSamples(text, 'db_client_operation_duration_seconds_count', {
        db_system_name: 'postgresql',
        db_operation_name: 'SELECT',
        db_collection_name: 'demo_users',
      }),
    ).to.have.length(1);
    expect(
      findSamples(text, 'db_client_operation_duration_seconds_count', {
        db_system_name: 'mariadb',
        db_operation_name: 'INSERT',
        db_collection_name: 'demo_orders',
      }),
    ).to.have.length(1);
    expect(
      sampleValue(text, 'db_client_cache_lookups_total', { db_operation_name: 'GET', cache_result: 'hit' }),
    ).to.be.at.least(5);
    expect(sampleValue(text, 'db_migrations_applied', { db_system_name: 'postgresql', db_namespace: 'test' })).to.equal(
      3,
    );
    expect(sampleValue(text, 'db_migrations_pending', { db_system_name: 'postgresql', db_namespace: 'test' })).to.equal(
      0,
    );
    expect(sampleValue(text, 'target_info', { service_name: 'nodeprom-demo' })).to.equal(1);
  });

  it('passes promtool check metrics', function () {
    expect(promtoolCheck(this, text)).to.equal('');
  });
});
