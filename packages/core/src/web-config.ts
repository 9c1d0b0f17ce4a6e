import * as path from 'node:path';

/**
 * Reads the web configuration file of Prometheus's exporters (`--web.config.file`, implemented in
 * prometheus/exporter-toolkit), so that one file secures node_exporter and nodeprom alike:
 * `tls_server_config`, `basic_auth_users` (bcrypt hashes) and `http_server_config.headers`.
 * Like the toolkit, an unknown key, a wrong type or an unknown value is an error, never ignored:
 * a typo in a security setting must not leave the endpoint more open than the file says.
 */

/** The toolkit's client certificate policies (Go's `tls.ClientAuthType` names). */
export type ClientAuthType =
  | 'NoClientCert'
  | 'RequestClientCert'
  | 'RequireAnyClientCert'
  | 'VerifyClientCertIfGiven'
  | 'RequireAndVerifyClientCert';

export interface TlsSettings {
  /** PEM text given inline (`cert`, `key`, `client_ca`) or a file path resolved against the file's directory. */
  readonly cert: { readonly file?: string; readonly pem?: string };
  readonly key: { readonly file?: string; readonly pem?: string };
  readonly clientCa: { readonly file?: string; readonly pem?: string } | undefined;
  readonly clientAuth: ClientAuthType;
  readonly minVersion: TlsVersion;
  readonly maxVersion: TlsVersion;
  /** OpenSSL names of the TLS 1.2 and older suites allowed; empty means node's defaults. */
  readonly cipherSuites: readonly string[];
  /** OpenSSL curve names, in preference order; empty means node's defaults. */
  readonly curves: readonly string[];
  readonly preferServerCipherSuites: boolean;
  /** A client certificate must carry one of these subject alternative names. */
  readonly clientAllowedSans: readonly string[] | undefined;
}

export type TlsVersion = 'TLSv1' | 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3';

export interface WebConfig {
  readonly tls: TlsSettings | undefined;
  /** User name → bcrypt hash; empty means no authentication. */
  readonly users: ReadonlyMap<string, string>;
  /** Extra response headers (`http_server_config.headers`). */
  readonly headers: Readonly<Record<string, string>>;
  /** Settings accepted by the format that nodeprom does not apply, one sentence each. */
  readonly ignored: readonly string[];
}

export class WebConfigError extends Error {}

const TLS_VERSIONS: Readonly<Record<string, TlsVersion>> = {
  TLS10: 'TLSv1',
  TLS11: 'TLSv1.1',
  TLS12: 'TLSv1.2',
  TLS13: 'TLSv1.3',
};
const VERSION_ORDER: readonly TlsVersion[] = ['TLSv1', 'TLSv1.1', 'TLSv1.2', 'TLSv1.3'];

/**
 * Go's cipher suite names (`tls.CipherSuites()`) and OpenSSL's. TLS 1.3 suites keep their names;
 * as in Go, they cannot be turned off (a TLS 1.3 name in the list is accepted and changes nothing).
 */
const CIPHERS: Readonly<Record<string, string | null>> = {
  TLS_RSA_WITH_AES_128_CBC_SHA: 'AES128-SHA',
  TLS_RSA_WITH_AES_256_CBC_SHA: 'AES256-SHA',
  TLS_RSA_WITH_AES_128_GCM_SHA256: 'AES128-GCM-SHA256',
  TLS_RSA_WITH_AES_256_GCM_SHA384: 'AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA: 'ECDHE-ECDSA-AES128-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA: 'ECDHE-ECDSA-AES256-SHA',
  TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA: 'ECDHE-RSA-AES128-SHA',
  TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA: 'ECDHE-RSA-AES256-SHA',
  TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256: 'ECDHE-ECDSA-AES128-GCM-SHA256',
  TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384: 'ECDHE-ECDSA-AES256-GCM-SHA384',
  TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256: 'ECDHE-RSA-AES128-GCM-SHA256',
  TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384: 'ECDHE-RSA-AES256-GCM-SHA384',
  TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-ECDSA-CHACHA20-POLY1305',
  TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256: 'ECDHE-RSA-CHACHA20-POLY1305',
  TLS_AES_128_GCM_SHA256: null,
  TLS_AES_256_GCM_SHA384: null,
  TLS_CHACHA20_POLY1305_SHA256: null,
};

const CURVES: Readonly<Record<string, string>> = {
  CurveP256: 'P-256',
  CurveP384: 'P-384',
  CurveP521: 'P-521',
  X25519: 'X25519',
};

const CLIENT_AUTH: Readonly<Record<string, ClientAuthType>> = {
  '': 'NoClientCert',
  NoClientCert: 'NoClientCert',
  RequestClientCert: 'RequestClientCert',
  RequireAnyClientCert: 'RequireAnyClientCert',
  RequireClientCert: 'RequireAnyClientCert', // the toolkit's older spelling
  VerifyClientCertIfGiven: 'VerifyClientCertIfGiven',
  RequireAndVerifyClientCert: 'RequireAndVerifyClientCert',
};

/** The headers the toolkit lets a file set, with the values it allows (undefined: any). */
const HEADERS: Readonly<Record<string, readonly string[] | undefined>> = {
  'Strict-Transport-Security': undefined,
  'X-Content-Type-Options': ['nosniff'],
  'X-Frame-Options': ['deny', 'sameorigin'],
  'X-XSS-Protection': undefined,
  'Content-Security-Policy': undefined,
};

/** bcrypt's modular crypt format: `$2a$`, `$2b$` or `$2y$`, a two-digit cost, 53 characters of salt and hash. */
const BCRYPT_HASH = /^\$2[aby]\$(0[4-9]|[12]\d|3[01])\$[./A-Za-z0-9]{53}$/;

type Mapping = Record<string, unknown>;

function fail(message: string): never {
  throw new WebConfigError(message);
}

function mapping(value: unknown, where: string, keys: readonly string[]): Mapping {
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail(`${where} must be a mapping`);
  for (const key of Object.keys(value)) {
    if (!keys.includes(key))
      fail(
        `${where === 'the file' ? '' : `${where}: `}unknown key ${JSON.stringify(key)} (expected one of ${keys.join(', ')})`,
      );
  }
  return value as Mapping;
}

function text(value: unknown, where: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  fail(`${where} must be a string`);
}

function flag(value: unknown, where: string, fallback: boolean): boolean {
  if (value === null || value === undefined) return fallback;
  if (typeof value === 'boolean') return value;
  fail(`${where} must be true or false`);
}

function list(value: unknown, where: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail(`${where} must be a list`);
  return value.map((item, i) => text(item, `${where}[${i}]`));
}

function tlsVersion(value: unknown, where: string, fallback: TlsVersion): TlsVersion {
  const name = text(value, where);
  if (name === '') return fallback;
  const version = TLS_VERSIONS[name];
  if (version === undefined)
    fail(
      `${where}: unknown TLS version ${JSON.stringify(name)} (expected one of ${Object.keys(TLS_VERSIONS).join(', ')})`,
    );
  return version;
}

function source(pem: string, file: string, dir: string): { file?: string; pem?: string } | undefined {
  if (file !== '') return { file: path.resolve(dir, file) };
  if (pem !== '') return { pem };
  return undefined;
}

function readTls(raw: unknown, dir: string): TlsSettings | undefined {
  const where = 'tls_server_config';
  const c = mapping(raw, where, [
    'cert',
    'key',
    'client_ca',
    'cert_file',
    'key_file',
    'client_auth_type',
    'client_ca_file',
    'cipher_suites',
    'curve_preferences',
    'min_version',
    'max_version',
    'prefer_server_cipher_suites',
    'client_allowed_sans',
  ]);
  const certPem = text(c.cert, `${where}.cert`);
  const keyPem = text(c.key, `${where}.key`);
  const caPem = text(c.client_ca, `${where}.client_ca`);
  const certFile = text(c.cert_file, `${where}.cert_file`);
  const keyFile = text(c.key_file, `${where}.key_file`);
  const caFile = text(c.client_ca_file, `${where}.client_ca_file`);
  const authName = text(c.client_auth_type, `${where}.client_auth_type`);
  // As the toolkit: TLS is on when any of these is set, and then it must be complete.
  if ([certPem, keyPem, caPem, certFile, keyFile, caFile, authName].every((value) => value === '')) {
    if (Object.keys(c).length > 0) fail(`${where} sets TLS options but no cert_file and key_file`);
    return undefined;
  }
  const cert = source(certPem, certFile, dir) ?? fail(`${where}: missing one of cert or cert_file`);
  const key = source(keyPem, keyFile, dir) ?? fail(`${where}: missing one of key or key_file`);
  const clientCa = source(caPem, caFile, dir);
  const clientAuth = CLIENT_AUTH[authName];
  if (clientAuth === undefined) {
    fail(
      `${where}.client_auth_type: invalid value ${JSON.stringify(authName)} (expected one of ${Object.keys(CLIENT_AUTH)
        .filter((k) => k !== '')
        .join(', ')})`,
    );
  }
  if (
    clientCa !== undefined &&
    (clientAuth === 'NoClientCert' || clientAuth === 'RequestClientCert' || clientAuth === 'RequireAnyClientCert')
  ) {
    fail(
      `${where}: client CAs are configured but client_auth_type (${clientAuth}) does not verify client certificates; use VerifyClientCertIfGiven or RequireAndVerifyClientCert`,
    );
  }
  if (
    clientCa === undefined &&
    (clientAuth === 'VerifyClientCertIfGiven' || clientAuth === 'RequireAndVerifyClientCert')
  ) {
    // Go would verify against the system's CAs: any publicly signed certificate. Almost surely a mistake.
    fail(
      `${where}: client_auth_type ${clientAuth} needs client_ca_file (or client_ca), the CAs client certificates are verified against`,
    );
  }
  const minVersion = tlsVersion(c.min_version, `${where}.min_version`, 'TLSv1.2');
  const maxVersion = tlsVersion(c.max_version, `${where}.max_version`, 'TLSv1.3');
  if (VERSION_ORDER.indexOf(minVersion) > VERSION_ORDER.indexOf(maxVersion))
    fail(`${where}: min_version is above max_version`);
  const cipherSuites: string[] = [];
  for (const name of list(c.cipher_suites, `${where}.cipher_suites`)) {
    const openssl = CIPHERS[name];
    if (openssl === undefined) fail(`${where}.cipher_suites: unknown cipher ${JSON.stringify(name)}`);
    if (openssl !== null) cipherSuites.push(openssl);
  }
  const curves = list(c.curve_preferences, `${where}.curve_preferences`).map(
    (name) =>
      CURVES[name] ??
      fail(
        `${where}.curve_preferences: unknown curve ${JSON.stringify(name)} (expected one of ${Object.keys(CURVES).join(', ')})`,
      ),
  );
  const sans =
    c.client_allowed_sans === undefined || c.client_allowed_sans === null
      ? undefined
      : list(c.client_allowed_sans, `${where}.client_allowed_sans`);
  if (sans !== undefined && clientAuth === 'NoClientCert')
    fail(`${where}: client_allowed_sans needs a client_auth_type that asks for a certificate`);
  return {
    cert,
    key,
    clientCa,
    clientAuth,
    minVersion,
    maxVersion,
    cipherSuites,
    curves,
    preferServerCipherSuites: flag(c.prefer_server_cipher_suites, `${where}.prefer_server_cipher_suites`, true),
    clientAllowedSans: sans,
  };
}

function readUsers(raw: unknown): Map<string, string> {
  const users = new Map<string, string>();
  if (raw === null || raw === undefined) return users;
  if (typeof raw !== 'object' || Array.isArray(raw))
    fail('basic_auth_users must be a mapping of user names to bcrypt hashes');
  for (const [user, hash] of Object.entries(raw as Mapping)) {
    // The value is a secret's hash: the message names the user, never the value.
    if (typeof hash !== 'string' || !BCRYPT_HASH.test(hash))
      fail(
        `basic_auth_users: the password of ${JSON.stringify(user)} is not a bcrypt hash (make one with htpasswd -nBC 10 "" or any bcrypt tool)`,
      );
    users.set(user, hash);
  }
  return users;
}

function readHeaders(raw: unknown): Record<string, string> {
  const c = mapping(raw, 'http_server_config', ['http2', 'headers']);
  flag(c.http2, 'http_server_config.http2', true); // nodeprom serves HTTP/1.1, which every scraper speaks.
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(mapping(c.headers, 'http_server_config.headers', Object.keys(HEADERS)))) {
    const allowed = HEADERS[name];
    const given = text(value, `http_server_config.headers.${name}`);
    if (allowed !== undefined && !allowed.includes(given))
      fail(`http_server_config.headers: invalid value for ${name}, expected one of ${allowed.join(', ')}`);
    headers[name] = given;
  }
  return headers;
}

/** Parses and checks the file's text; relative paths are resolved against `dir`. Throws WebConfigError. */
export function parseWebConfig(source: string, dir: string): WebConfig {
  // Required here: yaml costs tens of milliseconds to load, and most processes have no web config file.
  const { parseDocument } = require('yaml') as typeof import('yaml');
  const document = parseDocument(source, { uniqueKeys: true, prettyErrors: false });
  if (document.errors.length > 0) fail(`not valid YAML: ${document.errors[0]!.message.split('\n')[0]}`);
  const raw = document.toJS() as unknown;
  const top = mapping(raw, 'the file', ['tls_server_config', 'http_server_config', 'basic_auth_users', 'rate_limit']);
  const ignored: string[] = [];
  if (top.rate_limit !== undefined && top.rate_limit !== null) {
    mapping(top.rate_limit, 'rate_limit', ['interval', 'burst']);
    ignored.push('rate_limit is not applied by nodeprom (scrapes share one body, so a burst costs one collection)');
  }
  return {
    tls: readTls(top.tls_server_config, dir),
    users: readUsers(top.basic_auth_users),
    headers: readHeaders(top.http_server_config),
    ignored,
  };
}
