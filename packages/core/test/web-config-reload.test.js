'use strict';
const https = require('node:https');
const { expect } = require('chai');
const bcrypt = require('bcryptjs');
const { startApp, reachable } = require('@nodeprom/test-utils');
const { makeCertificates } = require('./certificates');

const FIRST = 'first-password-Lq3';
const SECOND = 'second-password-Vb8';

function config(password) {
  return `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\nbasic_auth_users:\n  prometheus: ${bcrypt.hashSync(password, 4)}\n`;
}

describe('a changed NODEPROM_WEB_CONFIG_FILE is applied without a restart', function () {
  let certs;
  let app;
  before(async () => {
    certs = makeCertificates();
    certs.write('web.yml', config(FIRST));
    app = await startApp('test-fixtures/apps/scrape-app.js', {
      env: { NODEPROM_WEB_CONFIG_FILE: certs.file('web.yml'), OTEL_LOG_LEVEL: 'info' },
    });
    for (let i = 0; i < 100 && !(await reachable(app.metricsPort)); i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
  });
  after(async () => {
    await app.stop();
    certs.remove();
  });

  /** A scrape on a new connection: the status and the common name of the certificate served. */
  function scrapeAs(password) {
    return new Promise((resolve, reject) => {
      const request = https.get(
        `https://127.0.0.1:${app.metricsPort}/metrics`,
        {
          agent: false,
          ca: certs.read('ca.crt'),
          headers: { authorization: `Basic ${Buffer.from(`prometheus:${password}`).toString('base64')}` },
        },
        (response) => {
          const commonName = response.socket.getPeerCertificate().subject.CN;
          response.resume();
          response.on('end', () => resolve({ status: response.statusCode, commonName }));
        },
      );
      request.on('error', reject);
    });
  }

  async function eventually(check, what) {
    for (let i = 0; i < 300; i++) {
      if (await check()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error(`never happened: ${what}\n${app.stderr}`);
  }

  it('serves a renewed certificate and a changed password to new connections, and keeps them when the file turns invalid', async () => {
    expect(await scrapeAs(FIRST)).to.deep.equal({ status: 200, commonName: 'localhost' });
    certs.reissue('server', 'renewed');
    certs.write('web.yml', config(SECOND));
    await eventually(async () => (await scrapeAs(SECOND)).status === 200, 'the second password accepted');
    expect(await scrapeAs(SECOND)).to.deep.equal({ status: 200, commonName: 'renewed' });
    expect((await scrapeAs(FIRST)).status).to.equal(401);
    expect(app.stderr).to.include('re-read and applied');

    certs.write('web.yml', 'basic_auth_users:\n  prometheus: not-a-hash\n');
    // The files are looked at when requests come: keep scraping.
    await eventually(async () => {
      await scrapeAs(SECOND);
      return app.stderr.includes('changed but is not usable');
    }, 'a warning about the invalid file');
    expect(await scrapeAs(SECOND)).to.deep.equal({ status: 200, commonName: 'renewed' });
    expect(app.stderr.split('changed but is not usable').length - 1).to.equal(1);
  });
});
