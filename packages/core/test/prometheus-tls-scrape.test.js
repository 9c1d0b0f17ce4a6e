'use strict';
const { expect } = require('chai');
const bcrypt = require('bcryptjs');
const { startApp } = require('@nodeprom/test-utils');
const { makeCertificates } = require('./certificates');
const { startPrometheus, requirePrometheus } = require('./prometheus');

const PASSWORD = 'scrape-me-Xq81';
const WRONG = 'not-the-password-Zk22';

describe('a real Prometheus scrapes the own port over TLS with basic auth', function () {
  let certs;
  let app;
  let prometheus;
  before(async function () {
    requirePrometheus(this);
    certs = makeCertificates();
    certs.write(
      'web.yml',
      `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: ${bcrypt.hashSync(PASSWORD, 10)}\n`,
    );
    app = await startApp('test-fixtures/apps/scrape-app.js', {
      env: { NODEPROM_WEB_CONFIG_FILE: certs.file('web.yml'), SERIES: '20' },
    });
    const job = (name, password) => ({
      job_name: name,
      scheme: 'https',
      basic_auth: { username: 'prometheus', password },
      tls_config: { ca_file: certs.file('ca.crt') },
      static_configs: [{ targets: [`127.0.0.1:${app.metricsPort}`] }],
    });
    prometheus = await startPrometheus([job('nodeprom', PASSWORD), job('nodeprom-wrong-password', WRONG)]);
  });
  after(async () => {
    await prometheus?.stop();
    await app?.stop();
    certs?.remove();
  });

  it('reports up == 1 and stores nodeprom series with the right password', async () => {
    await prometheus.until(async () => (await prometheus.query('up{job="nodeprom"} == 1')).length === 1, 'up == 1');
    const series = await prometheus.until(async () => {
      const result = await prometheus.query('filler_events_0_total{job="nodeprom", item="item-11"}');
      return result.length === 1 && result;
    }, 'a nodeprom series');
    expect(series[0].value).to.equal(11);
    // nodeprom's own series too (the scrape's self-observation, recorded once a body is complete).
    await prometheus.until(
      async () => (await prometheus.query('nodeprom_scrape_series{job="nodeprom"} > 0')).length === 1,
      'nodeprom_scrape_series',
    );
  });

  it('gets 401 and reports up == 0 with a wrong password', async () => {
    const target = await prometheus.until(async () => {
      const found = (await prometheus.targets()).find((t) => t.labels.job === 'nodeprom-wrong-password');
      return found && found.lastError !== '' && found;
    }, 'a failed scrape');
    expect(target.health).to.equal('down');
    expect(target.lastError).to.include('401');
    await prometheus.until(
      async () => (await prometheus.query('up{job="nodeprom-wrong-password"} == 0')).length === 1,
      'up == 0',
    );
  });

  it('never lets a password reach the app output', () => {
    const output = `${app.stdout}${app.stderr}`;
    expect(output).not.to.include(PASSWORD);
    expect(output).not.to.include(WRONG);
  });
});
