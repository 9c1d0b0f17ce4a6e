'use strict';
// The TLS and basic-auth example, used as a user would: the app runs with the example web
// configuration (NODEPROM_WEB_CONFIG_FILE, certificate paths pointed at a certificate openssl
// makes for the example's server name), and Prometheus 2.42 scrapes it with the example's scrape
// job (targets, CA and password file pointed at this test's). Then a job whose password is wrong
// is refused with 401.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { expect } = require('chai');
const YAML = require('yaml');
const { startApp, ROOT } = require('@nodeprom/test-utils');
const { KIT } = require('./kit');
const { startPrometheus, findPrometheus, waitFor } = require('./prometheus');

const EXAMPLES = path.join(KIT, 'prometheus', 'examples');
/** The password whose bcrypt hash web-config.yml holds. */
const EXAMPLE_PASSWORD = 'change-me';

describe('the TLS and basic-auth example scraped by a real Prometheus', function () {
  this.timeout(90000);
  let dir;
  let app;
  let prometheus;

  before(async function () {
    if (!findPrometheus()) {
      const message = 'prometheus is not installed (apt-get install prometheus)';
      if (process.env.CI) throw new Error(message);
      process.stdout.write(`      skipped: ${message}\n`);
      this.skip();
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-obs-tls-'));
    const scrapeJob = YAML.parse(fs.readFileSync(path.join(EXAMPLES, 'tls-basic-auth.yml'), 'utf8')).scrape_configs[0];
    const serverName = scrapeJob.tls_config.server_name;
    const cert = path.join(dir, 'tls.crt');
    const key = path.join(dir, 'tls.key');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        `/CN=${serverName}`,
        '-addext',
        `subjectAltName=DNS:${serverName}`,
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' },
    );

    const webConfig = YAML.parse(fs.readFileSync(path.join(EXAMPLES, 'web-config.yml'), 'utf8'));
    webConfig.tls_server_config.cert_file = cert;
    webConfig.tls_server_config.key_file = key;
    fs.writeFileSync(path.join(dir, 'web-config.yml'), YAML.stringify(webConfig));
    app = await startApp(path.join(ROOT, 'test-fixtures', 'apps', 'http-app.js'), {
      env: { NODEPROM_WEB_CONFIG_FILE: path.join(dir, 'web-config.yml') },
    });

    fs.writeFileSync(path.join(dir, 'password'), EXAMPLE_PASSWORD);
    fs.writeFileSync(path.join(dir, 'wrong-password'), 'not-the-password');
    const job = (name, passwordFile) => ({
      ...scrapeJob,
      job_name: name,
      tls_config: { ...scrapeJob.tls_config, ca_file: cert },
      basic_auth: { ...scrapeJob.basic_auth, password_file: passwordFile },
      static_configs: [{ targets: [`127.0.0.1:${app.metricsPort}`] }],
    });
    prometheus = await startPrometheus({
      scrapeConfigs: [
        job('shop', path.join(dir, 'password')),
        job('shop-wrong-password', path.join(dir, 'wrong-password')),
      ],
    });
  });

  after(async () => {
    await prometheus?.stop();
    await app?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('scrapes over https with the example credentials and stores nodeprom series', async () => {
    await waitFor(async () => (await prometheus.query('up{job="shop"} == 1')).length === 1, {
      what: 'a successful scrape',
    });
    expect(await prometheus.query('target_info{job="shop", telemetry_sdk_language="nodejs"}')).to.have.length(1);
  });

  it('is refused with 401 with a wrong password', async () => {
    const target = await waitFor(
      async () => {
        const { activeTargets } = await prometheus.api('targets', { state: 'active' });
        return activeTargets.find((t) => t.labels.job === 'shop-wrong-password' && t.health === 'down');
      },
      { what: 'the wrong-password scrape to fail' },
    );
    expect(target.lastError).to.include('401');
  });
});
