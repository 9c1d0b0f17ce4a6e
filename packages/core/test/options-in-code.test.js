'use strict';
// Options given in code to registerInstrumentations are checked like the environment variables,
// and a bad one is reported under the option's name, with what it accepts, before a safe fallback.
const { expect } = require('chai');
const { startApp, sampleValue } = require('@nodeprom/test-utils');

describe('registerInstrumentations options that are not valid', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/bad-options-app.js', {
      preload: 'none',
      env: { NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
    });
  });
  after(async () => app && app.stop());

  it('warns once per bad option, naming the option and what it accepts, never the environment variable', () => {
    const warnings = app.stderr.split('\n').filter((line) => line.includes('[nodeprom] warn'));
    expect(warnings.find((line) => line.includes('option port=70000'))).to.include('an integer from 0 to 65535');
    expect(warnings.find((line) => line.includes('option prefix="__"'))).to.include('[a-zA-Z_]');
    expect(warnings.find((line) => line.includes('option httpDurationBuckets=[5,1]'))).to.include(
      'increasing positive numbers',
    );
    expect(warnings.find((line) => line.includes('option maxSeriesPerMetric=0'))).to.include(
      'an integer from 1 to 1000000',
    );
    expect(warnings.find((line) => line.includes('option colour'))).to.include('not an option nodeprom knows');
    expect(warnings).to.have.length(5);
    expect(app.stderr).not.to.match(
      /NODEPROM_PORT|NODEPROM_PREFIX|NODEPROM_HTTP_DURATION_BUCKETS|NODEPROM_MAX_SERIES_PER_METRIC/,
    );
  });

  it("keeps the valid options and the safe values: the environment's port, no prefix, the default buckets", async () => {
    const base = `http://127.0.0.1:${app.info.port}`;
    await (await fetch(`${base}/`)).text();
    const text = await app.scrape(`http://127.0.0.1:${app.metricsPort}/app-metrics`);
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
    ).to.equal(1);
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_bucket', {
        http_response_status_code: '200',
        le: '0.005',
      }),
    ).to.not.equal(undefined);
  });
});
