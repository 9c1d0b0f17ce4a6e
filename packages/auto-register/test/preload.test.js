'use strict';
const { expect } = require('chai');
const { startApp, sampleValue, findSamples } = require('@nodeprom/test-utils');

const COUNT = 'http_server_request_duration_seconds_count';

describe('auto-register', function () {
  it('instruments a CommonJS app started with --require', async () => {
    const app = await startApp('test-fixtures/apps/express-app.js', { preload: 'require' });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/users/1`)).text();
      expect(sampleValue(await app.scrape(), COUNT, { http_route: '/users/:id' })).to.equal(1);
    } finally {
      await app.stop();
    }
  });

  it('instruments an ESM app started with --import, route templates included', async () => {
    const app = await startApp('test-fixtures/apps/esm-app.mjs', { preload: 'import' });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/items/5`)).text();
      expect(
        sampleValue(await app.scrape(), COUNT, { http_route: '/items/:id', http_response_status_code: '200' }),
      ).to.equal(1);
      expect(app.stderr).to.equal('');
    } finally {
      await app.stop();
    }
  });

  it('leaves out a layer the environment disables', async () => {
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_DISABLED_INSTRUMENTATIONS: 'http' },
    });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
      const text = await app.scrape();
      expect(findSamples(text, COUNT)).to.have.length(0);
      expect(text).to.include('target_info');
    } finally {
      await app.stop();
    }
  });

  it('warns about an unknown layer name, listing the valid ones, and starts the rest', async () => {
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_ENABLED_INSTRUMENTATIONS: 'http,redis' },
    });
    try {
      await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text();
      expect(sampleValue(await app.scrape(), COUNT, { http_response_status_code: '200' })).to.equal(1);
      expect(app.stderr)
        .to.include('NODEPROM_ENABLED_INSTRUMENTATIONS')
        .and.to.include('"redis"')
        .and.to.include('http, pg, mysql2, ioredis, knex');
    } finally {
      await app.stop();
    }
  });

  it('serves and instruments from the main thread only: a worker neither binds the port nor records', async () => {
    const app = await startApp('test-fixtures/apps/worker-app.js');
    try {
      expect(app.info.worker).to.equal('worker started with 0 layers');
      expect((await fetch(app.metricsUrl)).status).to.equal(200);
      expect(app.stderr).not.to.include('in use');
    } finally {
      await app.stop();
    }
  });

  it('keeps the app running with a bad NODEPROM_PORT, on the default port, after one warning', async () => {
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_PORT: 'ninety', NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
    });
    try {
      expect(await (await fetch(`http://127.0.0.1:${app.info.port}/`)).text()).to.equal('hello');
      expect(app.stderr).to.include('NODEPROM_PORT="ninety" is not valid');
    } finally {
      await app.stop();
    }
  });
});
