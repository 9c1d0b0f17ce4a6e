'use strict';
const { expect } = require('chai');
const { negotiateFormat, acceptsGzip } = require('@nodeprom/core');
const { PROMETHEUS_ACCEPT } = require('./scrape-client');

const BOTH = ['openmetrics', 'prometheus'];

describe('choosing the exposition format and encoding from the request headers', () => {
  it("picks OpenMetrics for Prometheus's Accept header when the source renders it, Prometheus text otherwise", () => {
    expect(negotiateFormat(PROMETHEUS_ACCEPT, BOTH)).to.equal('openmetrics');
    expect(negotiateFormat(PROMETHEUS_ACCEPT, ['prometheus'])).to.equal('prometheus');
  });

  it('follows q values, then the order of the header', () => {
    expect(negotiateFormat('text/plain;version=0.0.4,application/openmetrics-text;version=1.0.0;q=0.9', BOTH)).to.equal(
      'prometheus',
    );
    expect(negotiateFormat('text/plain;q=0.2,application/openmetrics-text;q=0.5', BOTH)).to.equal('openmetrics');
    expect(negotiateFormat('application/openmetrics-text; version=0.0.1', BOTH)).to.equal('openmetrics');
  });

  it('falls back to Prometheus text for unknown types, unknown versions and no header', () => {
    expect(negotiateFormat(undefined, BOTH)).to.equal('prometheus');
    expect(negotiateFormat('application/json', BOTH)).to.equal('prometheus');
    expect(negotiateFormat('application/openmetrics-text;version=2.0.0', BOTH)).to.equal('prometheus');
    expect(
      negotiateFormat(
        'application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited,*/*;q=0.1',
        BOTH,
      ),
    ).to.equal('prometheus');
    expect(negotiateFormat('application/openmetrics-text;q=0,text/plain', BOTH)).to.equal('prometheus');
  });

  it('allows gzip for gzip, x-gzip and a wildcard, unless gzip has q=0', () => {
    expect(acceptsGzip('gzip')).to.equal(true);
    expect(acceptsGzip('deflate, x-gzip;q=0.5')).to.equal(true);
    expect(acceptsGzip('*')).to.equal(true);
    expect(acceptsGzip('gzip;q=0')).to.equal(false);
    expect(acceptsGzip('gzip;q=0, *')).to.equal(false);
    expect(acceptsGzip('identity')).to.equal(false);
    expect(acceptsGzip(undefined)).to.equal(false);
  });
});
