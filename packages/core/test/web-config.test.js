'use strict';
// The reader of NODEPROM_WEB_CONFIG_FILE against the cases of Prometheus's exporter-toolkit
// (web/testdata/*.good.yml and *.bad.yml), written afresh here with certificates made at test time.
const { expect } = require('chai');
const bcrypt = require('bcryptjs');
const { loadWebAccess, WebConfigError } = require('@nodeprom/core');
const { makeCertificates } = require('./certificates');

describe('reading the web configuration file', function () {
  let certs;
  let n = 0;
  before(() => {
    certs = makeCertificates();
  });
  after(() => certs.remove());

  /** Writes `yaml` as a config file next to the certificates and loads it. */
  function load(yaml) {
    const name = `web-${n++}.yml`;
    certs.write(name, yaml);
    return loadWebAccess(certs.file(name));
  }

  async function rejected(yaml) {
    try {
      await load(yaml);
    } catch (error) {
      expect(error).to.be.instanceOf(WebConfigError);
      return error.message;
    }
    throw new Error(`accepted:\n${yaml}`);
  }

  const serverFiles = 'tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n';

  describe('accepts', () => {
    it('an empty file: plain HTTP, no authentication', async () => {
      const access = await load('');
      expect(access.tls).to.equal(undefined);
      expect(access.auth).to.equal(undefined);
    });

    it('users without TLS, and an empty user list', async () => {
      const hash = bcrypt.hashSync('s3cret', 4);
      expect((await load(`basic_auth_users:\n  prom: ${hash}\n`)).auth).not.to.equal(undefined);
      expect((await load('basic_auth_users:\n')).auth).to.equal(undefined);
    });

    it('certificate and key files relative to the configuration file, with users hashed as $2y$ (htpasswd) and $2b$', async () => {
      const hash = bcrypt.hashSync('s3cret', 4);
      const access = await load(
        `${serverFiles}basic_auth_users:\n  alice: '${hash.replace('$2b$', '$2y$')}'\n  bob: '${hash}'\n`,
      );
      expect(access.tls.options.cert).to.equal(certs.read('server.crt'));
      expect(access.tls.options).to.include({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', honorCipherOrder: true });
      expect(access.tls.options.requestCert).to.equal(undefined);
      expect(await access.auth.check(`Basic ${Buffer.from('alice:s3cret').toString('base64')}`)).to.equal(true);
      expect(await access.auth.check(`Basic ${Buffer.from('bob:wrong').toString('base64')}`)).to.equal(false);
    });

    it('an inline certificate and key', async () => {
      const indent = (pem) =>
        pem
          .trim()
          .split('\n')
          .map((line) => `    ${line}`)
          .join('\n');
      const access = await load(
        `tls_server_config:\n  cert: |\n${indent(certs.read('server.crt'))}\n  key: |\n${indent(certs.read('server.key'))}\n`,
      );
      expect(access.tls.options.key).to.include('PRIVATE KEY');
    });

    it('each client certificate policy', async () => {
      const policies = {
        RequestClientCert: '',
        RequireAnyClientCert: '',
        RequireClientCert: '',
        VerifyClientCertIfGiven: '  client_ca_file: ca.crt\n',
        RequireAndVerifyClientCert: '  client_ca_file: ca.crt\n',
      };
      for (const [policy, ca] of Object.entries(policies)) {
        const access = await load(`${serverFiles}  client_auth_type: ${policy}\n${ca}`);
        expect(access.tls.options.requestCert, policy).to.equal(true);
        expect(access.tls.options.rejectUnauthorized, policy).to.equal(policy === 'RequireAndVerifyClientCert');
      }
    });

    it('every cipher suite name Go knows, TLS versions, curves, and the server preference turned off', async () => {
      const access = await load(`${serverFiles}  cipher_suites:
    - TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256
    - TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384
    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256
    - TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256
    - TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA
    - TLS_AES_128_GCM_SHA256
  curve_preferences: [CurveP256, CurveP384, CurveP521, X25519]
  prefer_server_cipher_suites: false
  min_version: TLS12
  max_version: TLS12
`);
      expect(access.tls.options.ciphers).to.equal(
        'TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256:TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-SHA',
      );
      expect(access.tls.options).to.include({
        ecdhCurve: 'P-256:P-384:P-521:X25519',
        honorCipherOrder: false,
        minVersion: 'TLSv1.2',
        maxVersion: 'TLSv1.2',
      });
    });

    it('the headers the toolkit allows, http2: false, and allowed client SANs', async () => {
      const access = await load(`${serverFiles}  client_auth_type: RequireAndVerifyClientCert
  client_ca_file: ca.crt
  client_allowed_sans: [scraper, other]
http_server_config:
  http2: false
  headers:
    X-Frame-Options: deny
    X-Content-Type-Options: nosniff
    Strict-Transport-Security: max-age=31536000; includeSubDomains
    Content-Security-Policy: "default-src 'self'"
`);
      expect(access.headers).to.deep.equal({
        'X-Frame-Options': 'deny',
        'X-Content-Type-Options': 'nosniff',
        'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
        'Content-Security-Policy': "default-src 'self'",
      });
      expect(access.tls.acceptsClient).to.be.a('function');
    });

    it('rate_limit, which it names as not applied', async () => {
      const access = await load('rate_limit:\n  interval: 1s\n  burst: 0\n');
      expect(access.ignored.join()).to.include('rate_limit');
    });
  });

  describe('rejects, with the reason', () => {
    const cases = {
      'a file that is not a mapping': ['qkdPZ3mBx8hn2\nNw8f4T0cLs1aQ\nzT4yV7mK2pR9', /must be a mapping/],
      'an unknown key': ['tls_server_config:\n  cert_flie: server.crt\n', /unknown key "cert_flie"/],
      'a key given twice': [`${serverFiles}  key_file: server.key\n`, /not valid YAML/],
      'an empty cert_file': [
        'tls_server_config:\n  cert_file: ""\n  key_file: server.key\n',
        /missing one of cert or cert_file/,
      ],
      'an empty inline cert': [
        'tls_server_config:\n  cert: ""\n  key_file: server.key\n',
        /missing one of cert or cert_file/,
      ],
      'an empty key_file': [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: ""\n',
        /missing one of key or key_file/,
      ],
      'an empty inline key': [
        'tls_server_config:\n  cert_file: server.crt\n  key: ""\n',
        /missing one of key or key_file/,
      ],
      'a client policy without certificate or key': [
        'tls_server_config:\n  cert_file: ""\n  key_file: ""\n  client_auth_type: "y"\n',
        /missing one of cert or cert_file/,
      ],
      'a certificate file that does not exist': [
        'tls_server_config:\n  cert_file: nowhere.crt\n  key_file: server.key\n',
        /cannot read cert_file .*nowhere\.crt \(ENOENT\)/,
      ],
      'a key file that does not exist': [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: nowhere.key\n',
        /cannot read key_file .*nowhere\.key/,
      ],
      'a key that does not belong to the certificate': [
        'tls_server_config:\n  cert_file: server.crt\n  key_file: client.key\n',
        /TLS settings cannot be used/,
      ],
      'an unknown client policy': [
        `${serverFiles}  client_auth_type: RequireSomething\n`,
        /client_auth_type: invalid value "RequireSomething"/,
      ],
      'client CAs with a policy that does not verify': [
        `${serverFiles}  client_ca_file: ca.crt\n`,
        /client CAs are configured but client_auth_type \(NoClientCert\)/,
      ],
      'a client CA file that does not exist': [
        `${serverFiles}  client_auth_type: VerifyClientCertIfGiven\n  client_ca_file: nowhere.pem\n`,
        /cannot read client_ca_file/,
      ],
      'a verifying policy without client CAs': [
        `${serverFiles}  client_auth_type: RequireAndVerifyClientCert\n`,
        /needs client_ca_file/,
      ],
      'an invented cipher': [
        `${serverFiles}  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA1024]\n`,
        /unknown cipher "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA1024"/,
      ],
      'an invented curve': [`${serverFiles}  curve_preferences: [CurveP999]\n`, /unknown curve "CurveP999"/],
      'an unknown TLS version': [`${serverFiles}  min_version: TLS14\n`, /unknown TLS version "TLS14"/],
      'a minimum version above the maximum': [
        `${serverFiles}  min_version: TLS13\n  max_version: TLS12\n`,
        /min_version is above max_version/,
      ],
      'a header the toolkit does not allow': [
        'http_server_config:\n  headers:\n    Content-Type: text/html\n',
        /unknown key "Content-Type"/,
      ],
      'a bad X-Content-Type-Options': [
        'http_server_config:\n  headers:\n    X-Content-Type-Options: sniff-away\n',
        /invalid value for X-Content-Type-Options/,
      ],
      'a bad X-Frame-Options': [
        'http_server_config:\n  headers:\n    X-Frame-Options: allow-all\n',
        /invalid value for X-Frame-Options/,
      ],
    };
    for (const [name, [yaml, reason]] of Object.entries(cases)) {
      it(name, async () => {
        expect(await rejected(yaml)).to.match(reason);
      });
    }

    it('a password that is not a bcrypt hash, without repeating it', async () => {
      const message = await rejected(`${serverFiles}basic_auth_users:\n  mallory: plaintext-hunter2\n`);
      expect(message).to.include('"mallory"').and.include('not a bcrypt hash');
      expect(message).not.to.include('hunter2');
    });

    it('a file that cannot be read', async () => {
      try {
        await loadWebAccess(certs.file('no-such-web.yml'));
        throw new Error('accepted');
      } catch (error) {
        expect(error.message).to.match(/cannot read it \(ENOENT\)/);
      }
    });
  });
});
