/**
 * Which database a knex client talks to, as the migration metrics label it. Read from the client's
 * connection settings (never from query text or user data), so the label values are bounded by the
 * app's configuration.
 */

/** The parts of a knex client read here. Knex has no types for its internals. */
export interface KnexClient {
  readonly driverName?: string;
  readonly config?: { readonly migrations?: unknown; readonly connection?: unknown };
  readonly connectionSettings?: unknown;
  readonly transacting?: boolean;
  /** Set while the instance can connect; knex clears it on destroy(). */
  readonly pool?: unknown;
}

/** OpenTelemetry `db.system.name` by knex driver; anything else is `other_sql`. */
const SYSTEMS: Readonly<Record<string, string>> = {
  pg: 'postgresql',
  pgnative: 'postgresql',
  cockroachdb: 'cockroachdb',
  'pg-redshift': 'aws.redshift',
  mysql: 'mysql',
  mysql2: 'mysql',
  mariadb: 'mariadb',
  sqlite3: 'sqlite',
  'better-sqlite3': 'sqlite',
  mssql: 'microsoft.sql_server',
  oracledb: 'oracle.db',
  oracle: 'oracle.db',
};

/**
 * MySQL-protocol servers seen to be MariaDB, by `host:port` as the connection settings spell it.
 * Filled when knex's mysql dialect opens a connection (the server says what it is in its greeting),
 * so telling MariaDB from MySQL costs no query. A map keyed by settings rather than by client,
 * because knex clones its client for every migrator.
 */
const mariaDbServers = new Set<string>();

interface ConnectionSettings {
  host?: unknown;
  port?: unknown;
  socketPath?: unknown;
  database?: unknown;
  db?: unknown;
  connectionString?: unknown;
  filename?: unknown;
}

function settingsOf(client: KnexClient): ConnectionSettings | string | undefined {
  const settings = client.connectionSettings ?? client.config?.connection;
  if (typeof settings === 'string') return settings;
  if (settings !== null && typeof settings === 'object') return settings as ConnectionSettings;
  return undefined;
}

function serverKey(settings: ConnectionSettings | string | undefined): string {
  if (settings === undefined) return '';
  if (typeof settings === 'string') {
    try {
      const url = new URL(settings);
      return `${url.hostname}:${url.port}`;
    } catch {
      return '';
    }
  }
  return `${String(settings.socketPath ?? settings.host ?? '')}:${String(settings.port ?? '')}`;
}

/** Called with each new mysql/mysql2 connection knex opens. */
export function noteMysqlConnection(client: KnexClient, connection: unknown): void {
  const raw = connection as { _isMariaDB?: boolean; _handshakePacket?: { serverVersion?: string } } | null;
  if (raw === null || typeof raw !== 'object') return;
  const mariaDb = raw._isMariaDB === true || /mariadb/i.test(raw._handshakePacket?.serverVersion ?? '');
  if (mariaDb) mariaDbServers.add(serverKey(settingsOf(client)));
}

/** The server a client connects to, as its settings name it (for pool names and attempts). */
export function serverOf(client: KnexClient): { address: string; port: number | undefined } {
  const settings = settingsOf(client);
  if (typeof settings === 'string') {
    try {
      const url = new URL(settings);
      return { address: url.hostname || 'localhost', port: url.port === '' ? undefined : Number(url.port) };
    } catch {
      return { address: 'localhost', port: undefined };
    }
  }
  const address = settings?.socketPath ?? settings?.host;
  const port = Number(settings?.port);
  return {
    address: typeof address === 'string' && address !== '' ? address : 'localhost',
    port: Number.isInteger(port) && port > 0 ? port : undefined,
  };
}

export function systemOf(client: KnexClient): string {
  const driver = client.driverName ?? '';
  const system = SYSTEMS[driver] ?? 'other_sql';
  if (system === 'mysql' && mariaDbServers.has(serverKey(settingsOf(client)))) return 'mariadb';
  return system;
}

/** The database name (OpenTelemetry `db.namespace`), when the settings name one. */
export function namespaceOf(client: KnexClient): string | undefined {
  const settings = settingsOf(client);
  if (settings === undefined) return undefined;
  if (typeof settings === 'string') return databaseFromUrl(settings);
  const database = settings.database ?? settings.db;
  if (typeof database === 'string' && database !== '') return database;
  if (typeof settings.connectionString === 'string') return databaseFromUrl(settings.connectionString);
  if (typeof settings.filename === 'string' && settings.filename !== '') return settings.filename;
  return undefined;
}

function databaseFromUrl(text: string): string | undefined {
  try {
    const name = decodeURIComponent(new URL(text).pathname.replace(/^\//, ''));
    return name === '' ? undefined : name;
  } catch {
    return undefined;
  }
}
