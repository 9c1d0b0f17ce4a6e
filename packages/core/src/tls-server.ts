import { readFile } from 'node:fs/promises';
import type { ServerOptions } from 'node:https';
import * as tls from 'node:tls';
import { WebConfigError, type TlsSettings } from './web-config';

/**
 * Turns the file's `tls_server_config` into node's https server options. Node's TLS has no
 * "require any certificate" or "verify only if given" policy, so those two are enforced on each
 * connection right after the handshake (`acceptsClient`), before any request is read.
 */
export interface TlsServerSetup {
  readonly options: ServerOptions;
  /** Checks a connection's client certificate beyond what OpenSSL enforced; false closes it. */
  readonly acceptsClient: ((socket: tls.TLSSocket) => boolean) | undefined;
}

/** Go always enables every TLS 1.3 suite; node turns TLS 1.3 off when `ciphers` names none. */
const TLS13_SUITES = ['TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256'];

async function pem(source: { file?: string; pem?: string }, what: string): Promise<string> {
  if (source.file === undefined) return source.pem ?? '';
  try {
    return await readFile(source.file, 'utf8');
  } catch (error) {
    throw new WebConfigError(
      `cannot read ${what} ${source.file} (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    );
  }
}

function hasCertificate(socket: tls.TLSSocket): boolean {
  const cert = socket.getPeerCertificate();
  return cert !== null && typeof cert === 'object' && Object.keys(cert).length > 0;
}

/** The subject alternative names of the client's certificate, as bare values (`DNS:a` is `a`). */
function subjectAltNames(socket: tls.TLSSocket): string[] {
  const names = socket.getPeerCertificate().subjectaltname;
  if (typeof names !== 'string' || names === '') return [];
  return names.split(', ').map((entry) => entry.slice(entry.indexOf(':') + 1));
}

export async function tlsServerSetup(settings: TlsSettings): Promise<TlsServerSetup> {
  const options: ServerOptions = {
    cert: await pem(settings.cert, 'cert_file'),
    key: await pem(settings.key, 'key_file'),
    minVersion: settings.minVersion,
    maxVersion: settings.maxVersion,
    honorCipherOrder: settings.preferServerCipherSuites,
  };
  if (settings.clientCa !== undefined) options.ca = await pem(settings.clientCa, 'client_ca_file');
  if (settings.cipherSuites.length > 0) options.ciphers = [...TLS13_SUITES, ...settings.cipherSuites].join(':');
  if (settings.curves.length > 0) options.ecdhCurve = settings.curves.join(':');

  const checks: Array<(socket: tls.TLSSocket) => boolean> = [];
  switch (settings.clientAuth) {
    case 'NoClientCert':
      break;
    case 'RequestClientCert':
      options.requestCert = true;
      options.rejectUnauthorized = false;
      break;
    case 'RequireAnyClientCert':
      options.requestCert = true;
      options.rejectUnauthorized = false;
      checks.push(hasCertificate);
      break;
    case 'VerifyClientCertIfGiven':
      options.requestCert = true;
      options.rejectUnauthorized = false;
      checks.push((socket) => socket.authorized || !hasCertificate(socket));
      break;
    case 'RequireAndVerifyClientCert':
      options.requestCert = true;
      options.rejectUnauthorized = true;
      break;
  }
  const allowed = settings.clientAllowedSans;
  if (allowed !== undefined) {
    checks.push((socket) => hasCertificate(socket) && subjectAltNames(socket).some((name) => allowed.includes(name)));
  }

  // Fails now, with OpenSSL's reason, on a key that does not match the certificate, a PEM that does
  // not parse, or a cipher or curve this node's OpenSSL does not offer.
  try {
    tls.createSecureContext(options);
  } catch (error) {
    throw new WebConfigError(`the TLS settings cannot be used: ${(error as Error).message}`);
  }
  return {
    options,
    acceptsClient: checks.length === 0 ? undefined : (socket) => checks.every((check) => check(socket)),
  };
}
