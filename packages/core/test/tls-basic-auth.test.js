'use strict';
const { expect } = require('chai');
const bcrypt = require('bcryptjs');
const { startApp, sampleValue } = require('@nodeprom/test-utils');
const { scrape } = require('./scrape-client');
const { makeCertificates } = require('./certificates');

const PASSWORD = 'correct-horse-battery-staple';
const WRONG = 'incorrect-donkey-7731';

function basic(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

describe('the own port with TLS and basic auth from NODEPROM_WEB_CONFIG_FILE', function () {
  let certs;
  let app;
  let url;
  let tlsOptions;
  before(async () => {
    certs = makeCertificates();
    certs.write(
      'web.yml',
      `tls_server_config:
  cert_file: server.crt
  key_file: server.key
basic_auth_users:
  prometheus: ${bcrypt.hashSync(PASSWORD, 10)}
http_server_config:
  headers:
    X-Content-Type-Options: nosniff
`,
    );
    app = await startApp('test-fixtures/apps/scrape-app.js', {
      env: { NODEPROM_WEB_CONFIG_FILE: certs.file('web.yml'), SERIES: '10' },
    });
    url = `https://127.0.0.1:${app.metricsPort}/metrics`;
    tlsOptions = { agentOptions: { ca: certs.read('ca.crt'), agent: false } };
    for (let i = 0; i < 100; i++) {
      if (
        await scrape(url, {}, tlsOptions).then(
          () => true,
          () => false,
        )
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  });
  after(async () => {
    await app.stop();
    certs.remove();
  });

  it('serves the exposition over TLS to a scraper with the right password', async () => {
    const response = await scrape(
      url,
      { authorization: basic('prometheus', PASSWORD), 'accept-encoding': 'gzip' },
      tlsOptions,
    );
    expect(response.status).to.equal(200);
    expect(response.headers['content-encoding']).to.equal('gzip');
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    expect(sampleValue(response.text, 'filler_events_0_total', { item: 'item-3' })).to.equal(3);
  });

  it('answers 401 with WWW-Authenticate to a wrong password, an unknown user and no credentials, on every path', async () => {
    for (const [headers, path] of [
      [{ authorization: basic('prometheus', WRONG) }, '/metrics'],
      [{ authorization: basic('someone', PASSWORD) }, '/metrics'],
      [{ authorization: 'Basic !!not-base64' }, '/metrics'],
      [{}, '/metrics'],
      [{}, '/elsewhere'],
    ]) {
      const response = await scrape(url.replace('/metrics', path), headers, tlsOptions);
      expect(response.status, JSON.stringify(headers)).to.equal(401);
      expect(response.headers['www-authenticate']).to.equal('Basic');
      expect(response.text).not.to.include('# TYPE');
    }
  });

  it('still knows the right password after wrong ones (verdicts are cached per password, not per user)', async () => {
    for (let i = 0; i < 3; i++) {
      expect((await scrape(url, { authorization: basic('prometheus', WRONG) }, tlsOptions)).status).to.equal(401);
      expect((await scrape(url, { authorization: basic('prometheus', PASSWORD) }, tlsOptions)).status).to.equal(200);
    }
  });

  it('refuses plain HTTP on the TLS port', async () => {
    const error = await scrape(url.replace('https:', 'http:'), { authorization: basic('prometheus', PASSWORD) }).then(
      () => undefined,
      (e) => e,
    );
    expect(error).to.be.instanceOf(Error);
  });

  it('never writes a password, right or wrong, to the app output', () => {
    const output = `${app.stdout}${app.stderr}`;
    expect(output).not.to.include(PASSWORD);
    expect(output).not.to.include(WRONG);
    expect(output).not.to.include(Buffer.from(`prometheus:${WRONG}`).toString('base64'));
  });
});
