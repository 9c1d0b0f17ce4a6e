import { log, LOG_LEVEL_ALIASES, setLogLevel, type LogLevel } from './log';

/** Every layer nodeprom ships, by the name the environment variables use. */
export const LAYER_NAMES = ['http', 'pg', 'mysql2', 'ioredis', 'knex'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** OpenTelemetry's semantic-convention buckets for `http.server.request.duration`, in seconds. */
export const DEFAULT_HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

export interface NodepromConfig {
  /** Interface the scrape endpoint binds. `NODEPROM_HOST`, default `0.0.0.0`. */
  readonly host: string;
  /** Port of the scrape endpoint. `NODEPROM_PORT`, default 9464 (0 picks a free port). */
  readonly port: number;
  /** Path of the scrape endpoint. `NODEPROM_PATH`, default `/metrics`. */
  readonly path: string;
  /** Namespace prepended to every metric name, joined with `_`. `NODEPROM_PREFIX`, default none. */
  readonly prefix: string;
  /** Layers to instrument. `NODEPROM_ENABLED_INSTRUMENTATIONS` / `NODEPROM_DISABLED_INSTRUMENTATIONS`. */
  readonly layers: ReadonlySet<LayerName>;
  /** Bucket boundaries of `http_server_request_duration_seconds`. `NODEPROM_HTTP_DURATION_BUCKETS`. */
  readonly httpDurationBuckets: readonly number[];
  /** Route templates and exact paths whose requests are recorded nowhere. `NODEPROM_HTTP_EXCLUDE`, default none. */
  readonly httpExclude: readonly string[];
  /** Read knex's applied and pending migrations once when a knex instance is created. `NODEPROM_KNEX_MIGRATIONS_CHECK`. */
  readonly knexMigrationsCheck: boolean;
  /** `OTEL_LOG_LEVEL`, default `warn`. */
  readonly logLevel: LogLevel;
}

export const DEFAULT_CONFIG: NodepromConfig = Object.freeze({
  host: '0.0.0.0',
  port: 9464,
  path: '/metrics',
  prefix: '',
  layers: new Set(LAYER_NAMES),
  httpDurationBuckets: DEFAULT_HTTP_DURATION_BUCKETS,
  httpExclude: Object.freeze([]) as readonly string[],
  knexMigrationsCheck: false,
  logLevel: 'warn' as LogLevel,
});

type Env = Readonly<Record<string, string | undefined>>;

/** Each variable nodeprom reads, with the form it accepts; the README's table is checked against it. */
export const ENVIRONMENT_VARIABLES: Readonly<Record<string, string>> = {
  NODEPROM_HOST: 'an interface address or host name',
  NODEPROM_PORT: 'an integer from 0 to 65535',
  NODEPROM_PATH: 'a path starting with /',
  NODEPROM_PREFIX: 'a name matching [a-zA-Z_][a-zA-Z0-9_]*',
  NODEPROM_ENABLED_INSTRUMENTATIONS: `a comma list of ${LAYER_NAMES.join(', ')}`,
  NODEPROM_DISABLED_INSTRUMENTATIONS: `a comma list of ${LAYER_NAMES.join(', ')}`,
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'read when NODEPROM_ENABLED_INSTRUMENTATIONS is unset',
  OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'read when NODEPROM_DISABLED_INSTRUMENTATIONS is unset',
  NODEPROM_HTTP_DURATION_BUCKETS: 'a comma list of increasing positive numbers of seconds',
  NODEPROM_HTTP_EXCLUDE: 'a comma list of route templates or paths, each starting with /',
  NODEPROM_KNEX_MIGRATIONS_CHECK: '1, true, 0 or false',
  OTEL_LOG_LEVEL: 'none, error, warn, info, debug (verbose and all mean debug)',
};

function rejected(name: string, value: string, fallback: string): void {
  log.warn(`${name}=${JSON.stringify(value)} is not valid: expected ${ENVIRONMENT_VARIABLES[name]}; using ${fallback}.`);
}

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function readPort(env: Env): number {
  const raw = present(env, 'NODEPROM_PORT');
  if (raw === undefined) return DEFAULT_CONFIG.port;
  const port = Number(raw);
  if (/^\d+$/.test(raw) && port <= 65535) return port;
  rejected('NODEPROM_PORT', raw, String(DEFAULT_CONFIG.port));
  return DEFAULT_CONFIG.port;
}

function readPath(env: Env): string {
  const raw = present(env, 'NODEPROM_PATH');
  if (raw === undefined) return DEFAULT_CONFIG.path;
  if (raw.startsWith('/') && !/[\s?#]/.test(raw)) return raw;
  rejected('NODEPROM_PATH', raw, DEFAULT_CONFIG.path);
  return DEFAULT_CONFIG.path;
}

function readPrefix(env: Env): string {
  const raw = present(env, 'NODEPROM_PREFIX');
  if (raw === undefined) return '';
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(raw)) return raw.replace(/_+$/, '');
  rejected('NODEPROM_PREFIX', raw, 'no prefix');
  return '';
}

function readLayerList(env: Env, name: string): LayerName[] | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  const layers: LayerName[] = [];
  for (const item of raw.split(',')) {
    const layer = item.trim().toLowerCase();
    if (layer === '') continue;
    if ((LAYER_NAMES as readonly string[]).includes(layer)) layers.push(layer as LayerName);
    else log.warn(`${name} names an unknown layer ${JSON.stringify(item.trim())}; the layers are ${LAYER_NAMES.join(', ')}. It is ignored.`);
  }
  return layers;
}

function readInstrumentations(env: Env): Set<LayerName> {
  const ours = present(env, 'NODEPROM_ENABLED_INSTRUMENTATIONS') !== undefined
    || present(env, 'NODEPROM_DISABLED_INSTRUMENTATIONS') !== undefined;
  const enabledName = ours ? 'NODEPROM_ENABLED_INSTRUMENTATIONS' : 'OTEL_NODE_ENABLED_INSTRUMENTATIONS';
  const disabledName = ours ? 'NODEPROM_DISABLED_INSTRUMENTATIONS' : 'OTEL_NODE_DISABLED_INSTRUMENTATIONS';
  const enabled = new Set<LayerName>(readLayerList(env, enabledName) ?? LAYER_NAMES);
  for (const layer of readLayerList(env, disabledName) ?? []) enabled.delete(layer);
  return enabled;
}

export function parseBuckets(raw: string): number[] | undefined {
  const bounds = raw.split(',').map((part) => part.trim()).filter((part) => part !== '').map(Number);
  if (bounds.length === 0) return undefined;
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i]!;
    if (!Number.isFinite(bound) || bound <= 0) return undefined;
    if (i > 0 && bound <= bounds[i - 1]!) return undefined;
  }
  return bounds;
}

function readHttpBuckets(env: Env): readonly number[] {
  const raw = present(env, 'NODEPROM_HTTP_DURATION_BUCKETS');
  if (raw === undefined) return DEFAULT_HTTP_DURATION_BUCKETS;
  const bounds = parseBuckets(raw);
  if (bounds) return Object.freeze(bounds);
  rejected('NODEPROM_HTTP_DURATION_BUCKETS', raw, `the semantic-convention buckets ${DEFAULT_HTTP_DURATION_BUCKETS.join(',')}`);
  return DEFAULT_HTTP_DURATION_BUCKETS;
}

/** Items that do not start with `/` are dropped with one warning; the others still apply. */
function readHttpExclude(env: Env): readonly string[] {
  const raw = present(env, 'NODEPROM_HTTP_EXCLUDE');
  if (raw === undefined) return DEFAULT_CONFIG.httpExclude;
  const items = raw.split(',').map((item) => item.trim()).filter((item) => item !== '');
  const valid = items.filter((item) => item.startsWith('/') && !/[\s?#]/.test(item));
  const invalid = items.filter((item) => !valid.includes(item));
  if (invalid.length > 0) {
    log.warn(`NODEPROM_HTTP_EXCLUDE=${JSON.stringify(raw)} has items that are not valid: ${invalid.map((item) => JSON.stringify(item)).join(', ')}; expected ${ENVIRONMENT_VARIABLES.NODEPROM_HTTP_EXCLUDE}. ${valid.length > 0 ? `Excluding only ${valid.join(', ')}.` : 'Nothing is excluded.'}`);
  }
  return Object.freeze(valid);
}

function readFlag(env: Env, name: string, fallback: boolean): boolean {
  const raw = present(env, name);
  if (raw === undefined) return fallback;
  const value = raw.toLowerCase();
  if (value === '1' || value === 'true') return true;
  if (value === '0' || value === 'false') return false;
  rejected(name, raw, String(fallback));
  return fallback;
}

function readLogLevel(env: Env): LogLevel {
  const raw = present(env, 'OTEL_LOG_LEVEL');
  if (raw === undefined) return DEFAULT_CONFIG.logLevel;
  const level = LOG_LEVEL_ALIASES[raw.toLowerCase()];
  if (level) return level;
  rejected('OTEL_LOG_LEVEL', raw, DEFAULT_CONFIG.logLevel);
  return DEFAULT_CONFIG.logLevel;
}

/**
 * Reads nodeprom's configuration from the environment. A bad value is never fatal: it gets one
 * warning naming the variable, the value and the accepted form, and the default takes its place.
 */
export function readConfig(env: Env = process.env): NodepromConfig {
  // The log level first, so that OTEL_LOG_LEVEL=none silences the warnings about other variables.
  const logLevel = readLogLevel(env);
  setLogLevel(logLevel);
  return {
    host: present(env, 'NODEPROM_HOST') ?? DEFAULT_CONFIG.host,
    port: readPort(env),
    path: readPath(env),
    prefix: readPrefix(env),
    layers: readInstrumentations(env),
    httpDurationBuckets: readHttpBuckets(env),
    httpExclude: readHttpExclude(env),
    knexMigrationsCheck: readFlag(env, 'NODEPROM_KNEX_MIGRATIONS_CHECK', false),
    logLevel,
  };
}
