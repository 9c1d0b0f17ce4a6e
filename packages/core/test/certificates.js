'use strict';
// Certificates for the TLS tests, made with openssl in a temporary directory at test time: a CA,
// a server certificate for 127.0.0.1 and localhost signed by it, a client certificate signed by it
// (SAN DNS:scraper), and a self-signed client certificate no CA vouches for.
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

function openssl(dir, args) {
  execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
}

function signed(dir, name, subject, san, ca) {
  fs.writeFileSync(path.join(dir, `${name}.ext`), `subjectAltName=${san}\n`);
  openssl(dir, [
    'req',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  openssl(dir, [
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    `${ca}.crt`,
    '-CAkey',
    `${ca}.key`,
    '-CAcreateserial',
    '-days',
    '2',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  ]);
}

/** Makes the certificates; returns the directory and a reader of each file's text. */
function makeCertificates() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nodeprom-tls-'));
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '2',
    '-subj',
    '/CN=nodeprom test CA',
  ]);
  signed(dir, 'server', '/CN=localhost', 'DNS:localhost,IP:127.0.0.1', 'ca');
  signed(dir, 'client', '/CN=scraper', 'DNS:scraper', 'ca');
  openssl(dir, [
    'req',
    '-x509',
    '-newkey',
    'ec',
    '-pkeyopt',
    'ec_paramgen_curve:P-256',
    '-nodes',
    '-keyout',
    'stranger.key',
    '-out',
    'stranger.crt',
    '-days',
    '2',
    '-subj',
    '/CN=stranger',
    '-addext',
    'subjectAltName=DNS:stranger',
  ]);
  return {
    dir,
    file: (name) => path.join(dir, name),
    read: (name) => fs.readFileSync(path.join(dir, name), 'utf8'),
    write: (name, text) => fs.writeFileSync(path.join(dir, name), text),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
    /** Issues `name`.crt/.key again from the CA, with a new key and this common name (a renewal). */
    reissue: (name, commonName) => signed(dir, name, `/CN=${commonName}`, 'DNS:localhost,IP:127.0.0.1', 'ca'),
  };
}

module.exports = { makeCertificates };
