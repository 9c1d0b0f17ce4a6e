'use strict';
// A bad NODEPROM_RUNTIME_METRICS_NAMES gets one warning naming the variable, and the default names.
const { expect } = require('chai');
const { startApp, findSamples } = require('@nodeprom/test-utils');
const { APP } = require('./helpers');

describe('runtime: NODEPROM_RUNTIME_METRICS_NAMES=promclient (a typo)', function () {
  let app;
  before(async () => {
    app = await startApp(APP, { env: { NODEPROM_RUNTIME_METRICS_NAMES: 'promclient' } });
  });
  after(async () => app?.stop());

  it('warns once and uses the OpenTelemetry names', async () => {
    const text = await app.scrape();
    expect(findSamples(text, 'nodejs_eventloop_delay_p99_seconds')).to.have.length(1);
    expect(findSamples(text, 'nodejs_eventloop_lag_p99_seconds')).to.have.length(0);
    const warnings = app.stderr.split('\n').filter((line) => line.includes('NODEPROM_RUNTIME_METRICS_NAMES'));
    expect(warnings, app.stderr).to.have.length(1);
    expect(warnings[0]).to.include('"promclient"').and.to.include('opentelemetry, prom-client');
  });
});
