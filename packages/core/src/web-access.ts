import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { BasicAuth } from './basic-auth';
import { tlsServerSetup, type TlsServerSetup } from './tls-server';
import { parseWebConfig, WebConfigError } from './web-config';

/** What `NODEPROM_WEB_CONFIG_FILE` asks of nodeprom's own port, ready to apply. */
export interface WebAccess {
  readonly tls: TlsServerSetup | undefined;
  readonly auth: BasicAuth | undefined;
  readonly headers: Readonly<Record<string, string>>;
  readonly ignored: readonly string[];
  /** The configuration file and the certificate, key and CA files it names: what a change is looked for in. */
  readonly files: readonly string[];
}

/** Reads and checks the file, its certificates and keys. Throws WebConfigError with the reason. */
export async function loadWebAccess(file: string): Promise<WebAccess> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (error) {
    throw new WebConfigError(`cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const config = parseWebConfig(source, path.dirname(path.resolve(file)));
  const files = [path.resolve(file)];
  for (const named of [config.tls?.cert, config.tls?.key, config.tls?.clientCa])
    if (named?.file !== undefined) files.push(named.file);
  return {
    files,
    tls: config.tls === undefined ? undefined : await tlsServerSetup(config.tls),
    auth: config.users.size === 0 ? undefined : new BasicAuth(config.users),
    headers: config.headers,
    ignored: config.ignored,
  };
}
