'use strict';
const { expect } = require('chai');
const { startApp, reachable } = require('@nodeprom/test-utils');
const { scrape } = require('./scrape-client');
const { makeCertificates } = require('./certificates');

describe("client certificates on the own port, with the toolkit's client_auth_type policies", function () {
  let certs;
  before(() => {
    certs = makeCertificates();
  });
  after(() => certs.remove());

  /** Starts the app with this tls_server_config tail; resolves with a function scraping as `client`. */
  async function withPolicy(lines, body) {
    const file = `web-${lines.length}-${Date.now()}.yml`;
    certs.write(file, `tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n${lines}`);
    const app = await startApp('test-fixtures/apps/scrape-app.js', {
      env: { NODEPROM_WEB_CONFIG_FILE: certs.file(file) },
    });
    const url = `https://127.0.0.1:${app.metricsPort}/metrics`;
    const status = (client) => {
      const agentOptions = { ca: certs.read('ca.crt'), agent: false };
      if (client !== undefined)
        Object.assign(agentOptions, { cert: certs.read(`${client}.crt`), key: certs.read(`${client}.key`) });
      return scrape(url, {}, { agentOptions }).then(
        (response) => response.status,
        () => 'refused',
      );
    };
    try {
      for (let i = 0; i < 100 && !(await reachable(app.metricsPort)); i++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      await body(status);
    } finally {
      await app.stop();
    }
  }

  it('RequireAndVerifyClientCert with allowed SANs: only a certificate from the CA with an allowed name gets in', async () => {
    await withPolicy(
      '  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  client_allowed_sans: [scraper]\n',
      async (status) => {
        expect(await status('client')).to.equal(200);
        expect(await status(undefined)).to.equal('refused');
        expect(await status('stranger')).to.equal('refused');
      },
    );
    await withPolicy(
      '  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  client_allowed_sans: [someone-else]\n',
      async (status) => {
        expect(await status('client')).to.equal('refused');
      },
    );
  });

  it('VerifyClientCertIfGiven: no certificate or one from the CA, but not an unverified one', async () => {
    await withPolicy('  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: ca.crt\n', async (status) => {
      expect(await status(undefined)).to.equal(200);
      expect(await status('client')).to.equal(200);
      expect(await status('stranger')).to.equal('refused');
    });
  });

  it('RequireAnyClientCert: any certificate, verified or not, but one is needed', async () => {
    await withPolicy('  client_auth_type: RequireAnyClientCert\n', async (status) => {
      expect(await status('stranger')).to.equal(200);
      expect(await status('client')).to.equal(200);
      expect(await status(undefined)).to.equal('refused');
    });
  });
});
