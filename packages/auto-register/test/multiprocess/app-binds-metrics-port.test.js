'use strict';
const { expect } = require('chai');
const { startApp, sampleValue } = require('@nodeprom/test-utils');
const { get } = require('./helpers');

// The app's own port wins: nodeprom holds NODEPROM_PORT from start-up, the app binds the same port
// later. The app must not die with EADDRINUSE; the metrics move to the app's server at NODEPROM_PATH.
describe('the app binding the port nodeprom holds', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/own-port-app.js', { env: { NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' } });
  });
  after(async () => app && app.stop());

  it('runs on its port, and the metrics are served there at NODEPROM_PATH', async () => {
    expect(app.info.port).to.equal(app.metricsPort);
    expect(await get(app.info.port, '/users')).to.equal('app /users');
    expect(await get(app.info.port, '/users')).to.equal('app /users');
    const text = await app.scrape();
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
    ).to.equal(2);
    expect(text).to.include('# TYPE target_info gauge');
    expect(app.stderr).not.to.include('EADDRINUSE');
  });
});
