import { DB_DURATION_BUCKETS } from './metrics';
import { log, LOG_LEVEL_ALIASES, setLogLevel, type LogLevel } from './log';

/** Every layer nodeprom ships, by the name the environment variables use. */
export const LAYER_NAMES = ['http', 'pg', 'mysql2', 'ioredis', 'knex', 'runtime'] as const;
export type LayerName = (typeof LAYER_NAMES)[number];

/** The runtime layer's names: OpenTelemetry's semantic conventions, or prom-client's default metrics. */
export const RUNTIME_METRICS_NAMES = ['opentelemetry', 'prom-client'] as const;
export type RuntimeMetricsNames = (typeof RUNTIME_METRICS_NAMES)[number];

/** OpenTelemetry's semantic-convention buckets for `http.server.request.duration`, in seconds. */
export const DEFAULT_HTTP_DURATION_BUCKETS: readonly number[] = Object.freeze([
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
]);

/** OpenTelemetry's semantic-convention buckets for `db.client.operation.duration`, in seconds. */
export const DEFAULT_DB_DURATION_BUCKETS: readonly number[] = DB_DURATION_BUCKETS;

export interface NodepromConfig {
  /** Interface the scrape endpoint binds. `NODEPROM_HOST`, default `0.0.0.0`. */
  readonly host: string;
  /** Port of the scrape endpoint. `NODEPROM_PORT`, default 9464 (0 picks a free port). */
  readonly port: number;
  /**
   * Serve the scrape on nodeprom's own port. False with `NODEPROM_PORT=none` (or the option
   * `serve: false`): the app mounts `metricsHandler()` on its own server instead.
   */
  readonly serve: boolean;
  /** `NODEPROM_WEB_CONFIG_FILE`: TLS and basic auth for the own port, in the exporter-toolkit format. */
  readonly webConfigFile: string | undefined;
  /** Path of the scrape endpoint. `NODEPROM_PATH`, default `/metrics`. */
  readonly path: string;
  /** Namespace prepended to every metric name, joined with `_`. `NODEPROM_PREFIX`, default none. */
  readonly prefix: string;
  /** Layers to instrument. `NODEPROM_ENABLED_INSTRUMENTATIONS` / `NODEPROM_DISABLED_INSTRUMENTATIONS`. */
  readonly layers: ReadonlySet<LayerName>;
  /** Bucket boundaries of `http_server_request_duration_seconds`. `NODEPROM_HTTP_DURATION_BUCKETS`. */
  readonly httpDurationBuckets: readonly number[];
  /** Bucket boundaries of `db_client_operation_duration_seconds`. `NODEPROM_DB_DURATION_BUCKETS`. */
  readonly dbDurationBuckets: readonly number[];
  /** Route templates and exact paths whose requests are recorded nowhere. `NODEPROM_HTTP_EXCLUDE`, default none. */
  readonly httpExclude: readonly string[];
  /** Read knex's applied and pending migrations once when a knex instance is created. `NODEPROM_KNEX_MIGRATIONS_CHECK`. */
  readonly knexMigrationsCheck: boolean;
  /** Names of the runtime layer's metrics. `NODEPROM_RUNTIME_METRICS_NAMES`, default `opentelemetry`. */
  readonly runtimeMetricsNames: RuntimeMetricsNames;
  /** `OTEL_LOG_LEVEL`, default `warn`. */
  readonly logLevel: LogLevel;
  /** `NODEPROM_PORT_RANGE` (`9464-9479`): each process serves itself on the first free port of the range. */
  readonly portRange?: { readonly from: number; readonly to: number };
  /** Where the processes of a multi-process service meet. `NODEPROM_MULTIPROCESS_DIR`, default `<tmpdir>/nodeprom-<uid>-<port>`. */
  readonly multiprocessDir?: string;
  /** How long a scrape waits for each other process. `NODEPROM_MULTIPROCESS_TIMEOUT_MS`, default 1000. */
  readonly multiprocessTimeoutMs: number;
  /** Attribute sets per metric before the overflow series. `NODEPROM_MAX_SERIES_PER_METRIC`, default 2000. */
  readonly maxSeriesPerMetric: number;
}

export const DEFAULT_CONFIG: NodepromConfig = Object.freeze({
  host: '0.0.0.0',
  port: 9464,
  serve: true,
  webConfigFile: undefined,
  path: '/metrics',
  prefix: '',
  layers: new Set(LAYER_NAMES),
  httpDurationBuckets: DEFAULT_HTTP_DURATION_BUCKETS,
  dbDurationBuckets: DEFAULT_DB_DURATION_BUCKETS,
  httpExclude: Object.freeze([]) as readonly string[],
  knexMigrationsCheck: false,
  runtimeMetricsNames: 'opentelemetry' as RuntimeMetricsNames,
  logLevel: 'warn' as LogLevel,
  multiprocessTimeoutMs: 1000,
  maxSeriesPerMetric: 2000,
});

type Env = Readonly<Record<string, string | undefined>>;

/** Each variable nodeprom reads, with the form it accepts; the README's table is checked against it. */
export const ENVIRONMENT_VARIABLES: Readonly<Record<string, string>> = {
  NODEPROM_HOST: 'an interface address or host name',
  NODEPROM_PORT: 'an integer from 0 to 65535, or none',
  NODEPROM_WEB_CONFIG_FILE:
    'the path of a web configuration file in the format of Prometheus exporters (--web.config.file)',
  NODEPROM_PATH: 'a path starting with /',
  NODEPROM_PREFIX: 'a name matching [a-zA-Z_][a-zA-Z0-9_]*',
  NODEPROM_ENABLED_INSTRUMENTATIONS: `a comma list of ${LAYER_NAMES.join(', ')}`,
  NODEPROM_DISABLED_INSTRUMENTATIONS: `a comma list of ${LAYER_NAMES.join(', ')}`,
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: 'read when NODEPROM_ENABLED_INSTRUMENTATIONS is unset',
  OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'read when NODEPROM_DISABLED_INSTRUMENTATIONS is unset',
  NODEPROM_HTTP_DURATION_BUCKETS: 'a comma list of increasing positive numbers of seconds',
  NODEPROM_DB_DURATION_BUCKETS: 'a comma list of increasing positive numbers of seconds',
  NODEPROM_HTTP_EXCLUDE: 'a comma list of route templates or paths, each starting with /',
  NODEPROM_KNEX_MIGRATIONS_CHECK: '1, true, 0 or false',
  NODEPROM_RUNTIME_METRICS_NAMES: `one of ${RUNTIME_METRICS_NAMES.join(', ')}`,
  OTEL_LOG_LEVEL: 'none, error, warn, info, debug (verbose and all mean debug)',
  NODEPROM_PORT_RANGE: 'two ports from 1 to 65535 joined by -, the first not above the second (9464-9479)',
  NODEPROM_MULTIPROCESS_DIR: 'a directory path the app can create and write',
  NODEPROM_MULTIPROCESS_TIMEOUT_MS: 'an integer from 1 to 60000 (milliseconds)',
  NODEPROM_MAX_SERIES_PER_METRIC: 'an integer from 1 to 1000000',
};

function rejected(name: string, value: string, fallback: string): void {
  log.warn(
    `${name}=${JSON.stringify(value)} is not valid: expected ${ENVIRONMENT_VARIABLES[name]}; using ${fallback}.`,
  );
}

function present(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

function readPort(env: Env): number {
  const raw = present(env, 'NODEPROM_PORT');
  if (raw === undefined || raw.toLowerCase() === 'none') return DEFAULT_CONFIG.port;
  const port = Number(raw);
  if (/^\d+$/.test(raw) && port <= 65535) return port;
  rejected('NODEPROM_PORT', raw, String(DEFAULT_CONFIG.port));
  return DEFAULT_CONFIG.port;
}

/** An IPv4 or IPv6 address, or a host name (RFC 1123 labels). */
const HOST =
  /^(?:[0-9a-fA-F:.]*:[0-9a-fA-F:.]*|(?=.{1,253}$)[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*)$/;

function readHost(env: Env): string {
  const raw = present(env, 'NODEPROM_HOST');
  if (raw === undefined) return DEFAULT_CONFIG.host;
  if (HOST.test(raw)) return raw;
  rejected('NODEPROM_HOST', raw, DEFAULT_CONFIG.host);
  return DEFAULT_CONFIG.host;
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
  // A prefix of underscores only would strip to nothing: a bad value, not a silent "no prefix".
  if (/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(raw) && /[a-zA-Z0-9]/.test(raw)) return raw.replace(/_+$/, '');
  rejected('NODEPROM_PREFIX', raw, 'no prefix');
  return '';
}

/**
 * A layer list as given: the valid names, or undefined when the variable is unset or names no
 * valid layer at all (a typo such as `postgres`, or `","`), which is a bad value: one warning, and
 * the variable is ignored as a whole rather than switching every layer off. Unknown names in a list
 * that has valid ones are warned about and skipped.
 */
function readLayerList(env: Env, name: string): LayerName[] | undefined {
  const raw = present(env, name);
  if (raw === undefined) return undefined;
  const layers: LayerName[] = [];
  const unknown: string[] = [];
  for (const item of raw.split(',')) {
    const layer = item.trim().toLowerCase();
    if (layer === '') continue;
    if ((LAYER_NAMES as readonly string[]).includes(layer)) layers.push(layer as LayerName);
    else unknown.push(item.trim());
  }
  if (layers.length === 0) {
    rejected(name, raw, name.includes('_ENABLED_') ? 'every layer' : 'no layer disabled');
    return undefined;
  }
  if (unknown.length > 0) {
    log.warn(
      `${name}=${JSON.stringify(raw)} names unknown layers ${unknown.map((item) => JSON.stringify(item)).join(', ')}; the layers are ${LAYER_NAMES.join(', ')}. They are ignored.`,
    );
  }
  return layers;
}

function readInstrumentations(env: Env): Set<LayerName> {
  const ours =
    present(env, 'NODEPROM_ENABLED_INSTRUMENTATIONS') !== undefined ||
    present(env, 'NODEPROM_DISABLED_INSTRUMENTATIONS') !== undefined;
  const enabledName = ours ? 'NODEPROM_ENABLED_INSTRUMENTATIONS' : 'OTEL_NODE_ENABLED_INSTRUMENTATIONS';
  const disabledName = ours ? 'NODEPROM_DISABLED_INSTRUMENTATIONS' : 'OTEL_NODE_DISABLED_INSTRUMENTATIONS';
  const listed = readLayerList(env, enabledName);
  const enabled = new Set<LayerName>(listed ?? LAYER_NAMES);
  const disabled = readLayerList(env, disabledName) ?? [];
  const both = listed === undefined ? [] : disabled.filter((layer) => listed.includes(layer));
  if (both.length > 0) {
    log.warn(
      `${both.join(', ')} ${both.length === 1 ? 'is' : 'are'} both in ${enabledName} and in ${disabledName}; ${disabledName} wins, so ${both.length === 1 ? 'it is' : 'they are'} off.`,
    );
  }
  for (const layer of disabled) enabled.delete(layer);
  return enabled;
}

export function parseBuckets(raw: string): number[] | undefined {
  const bounds = raw
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(Number);
  if (bounds.length === 0) return undefined;
  for (let i = 0; i < bounds.length; i++) {
    const bound = bounds[i]!;
    if (!Number.isFinite(bound) || bound <= 0) return undefined;
    if (i > 0 && bound <= bounds[i - 1]!) return undefined;
  }
  return bounds;
}

function readBuckets(env: Env, name: string, defaults: readonly number[]): readonly number[] {
  const raw = present(env, name);
  if (raw === undefined) return defaults;
  const bounds = parseBuckets(raw);
  if (bounds) return Object.freeze(bounds);
  rejected(name, raw, `the semantic-convention buckets ${defaults.join(',')}`);
  return defaults;
}

/** Items that do not start with `/` are dropped with one warning; the others still apply. */
function readHttpExclude(env: Env): readonly string[] {
  const raw = present(env, 'NODEPROM_HTTP_EXCLUDE');
  if (raw === undefined) return DEFAULT_CONFIG.httpExclude;
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const valid = items.filter((item) => item.startsWith('/') && !/[\s?#]/.test(item));
  const invalid = items.filter((item) => !valid.includes(item));
  if (invalid.length > 0) {
    log.warn(
      `NODEPROM_HTTP_EXCLUDE=${JSON.stringify(raw)} has items that are not valid: ${invalid.map((item) => JSON.stringify(item)).join(', ')}; expected ${ENVIRONMENT_VARIABLES.NODEPROM_HTTP_EXCLUDE}. ${valid.length > 0 ? `Excluding only ${valid.join(', ')}.` : 'Nothing is excluded.'}`,
    );
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

function readPortRange(env: Env): { from: number; to: number } | undefined {
  const raw = present(env, 'NODEPROM_PORT_RANGE');
  if (raw === undefined) return undefined;
  const match = /^(\d{1,5})\s*-\s*(\d{1,5})$/.exec(raw);
  const from = Number(match?.[1]);
  const to = Number(match?.[2]);
  if (match && from >= 1 && to <= 65535 && from <= to) return { from, to };
  rejected('NODEPROM_PORT_RANGE', raw, 'NODEPROM_PORT');
  return undefined;
}

function readTimeout(env: Env): number {
  const raw = present(env, 'NODEPROM_MULTIPROCESS_TIMEOUT_MS');
  if (raw === undefined) return DEFAULT_CONFIG.multiprocessTimeoutMs;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= 1 && value <= 60000) return value;
  rejected('NODEPROM_MULTIPROCESS_TIMEOUT_MS', raw, String(DEFAULT_CONFIG.multiprocessTimeoutMs));
  return DEFAULT_CONFIG.multiprocessTimeoutMs;
}

function readMaxSeries(env: Env): number {
  const raw = present(env, 'NODEPROM_MAX_SERIES_PER_METRIC');
  if (raw === undefined) return DEFAULT_CONFIG.maxSeriesPerMetric;
  const value = Number(raw);
  if (/^\d+$/.test(raw) && value >= 1 && value <= 1_000_000) return value;
  rejected('NODEPROM_MAX_SERIES_PER_METRIC', raw, String(DEFAULT_CONFIG.maxSeriesPerMetric));
  return DEFAULT_CONFIG.maxSeriesPerMetric;
}

function readRuntimeMetricsNames(env: Env): RuntimeMetricsNames {
  const raw = present(env, 'NODEPROM_RUNTIME_METRICS_NAMES');
  if (raw === undefined) return DEFAULT_CONFIG.runtimeMetricsNames;
  const value = raw.toLowerCase();
  if ((RUNTIME_METRICS_NAMES as readonly string[]).includes(value)) return value as RuntimeMetricsNames;
  rejected('NODEPROM_RUNTIME_METRICS_NAMES', raw, DEFAULT_CONFIG.runtimeMetricsNames);
  return DEFAULT_CONFIG.runtimeMetricsNames;
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
    host: readHost(env),
    port: readPort(env),
    serve: present(env, 'NODEPROM_PORT')?.toLowerCase() !== 'none',
    webConfigFile: present(env, 'NODEPROM_WEB_CONFIG_FILE'),
    path: readPath(env),
    prefix: readPrefix(env),
    layers: readInstrumentations(env),
    httpDurationBuckets: readBuckets(env, 'NODEPROM_HTTP_DURATION_BUCKETS', DEFAULT_HTTP_DURATION_BUCKETS),
    dbDurationBuckets: readBuckets(env, 'NODEPROM_DB_DURATION_BUCKETS', DEFAULT_DB_DURATION_BUCKETS),
    httpExclude: readHttpExclude(env),
    knexMigrationsCheck: readFlag(env, 'NODEPROM_KNEX_MIGRATIONS_CHECK', false),
    runtimeMetricsNames: readRuntimeMetricsNames(env),
    logLevel,
    portRange: readPortRange(env),
    multiprocessDir: present(env, 'NODEPROM_MULTIPROCESS_DIR'),
    multiprocessTimeoutMs: readTimeout(env),
    maxSeriesPerMetric: readMaxSeries(env),
  };
}
