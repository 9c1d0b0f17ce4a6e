import type { LayerName } from './config';
import type { MergeHint } from './scrape-state';

export type MetricKind = 'histogram' | 'counter' | 'updowncounter' | 'gauge';

/**
 * How a metric combines across the processes of one service (node:cluster, PM2) when one of them
 * serves the scrape for all: `sum` over every process, gone ones included (their last values are
 * kept, so counters never go backwards); `livesum`, `max`, `min` over live processes only;
 * `perprocess`, one series per live process with a `process_pid` label.
 */
export type MultiprocessAggregation = 'sum' | 'livesum' | 'max' | 'min' | 'perprocess';

/**
 * One metric nodeprom emits. Names, units and attribute keys are OpenTelemetry's semantic
 * conventions; the Prometheus exposition derives its names from them (`exposition.ts`), and
 * `docs/metrics.md` is generated from this list.
 */
export interface MetricDefinition {
  readonly name: string;
  readonly kind: MetricKind;
  /** UCUM unit as OpenTelemetry writes it: `s`, `By`, or an annotation such as `{request}`. */
  readonly unit: string;
  readonly description: string;
  /** Attribute keys a series may carry; some are present only in some series (see `note`). */
  readonly labels: readonly string[];
  readonly buckets?: readonly number[];
  readonly layers: readonly LayerName[];
  readonly note?: string;
  /**
   * How the processes of a service combine this metric. Default: `sum` for counters and
   * histograms, `livesum` for up-down counters and gauges. A scrape state carries it as its
   * family's merge hint (`mergeHint`).
   */
  readonly multiprocess?: MultiprocessAggregation;
}

function kindDefault(kind: MetricKind): MultiprocessAggregation {
  return kind === 'counter' || kind === 'histogram' ? 'sum' : 'livesum';
}

/** The aggregation a metric declares, or the default of its kind. */
export function multiprocessAggregation(
  definition: Pick<MetricDefinition, 'kind' | 'multiprocess'>,
): MultiprocessAggregation {
  return definition.multiprocess ?? kindDefault(definition.kind);
}

/**
 * The merge hint a family's scrape state carries for an aggregation: `all` for `perprocess`,
 * `max`/`min` as they are, `sum` for `sum` and `livesum` (a state alone does not tell them apart:
 * a process sends the definitions whose aggregation differs from its hint's next to its state).
 */
export function mergeHint(aggregation: MultiprocessAggregation): MergeHint {
  return aggregation === 'perprocess' ? 'all' : aggregation === 'max' || aggregation === 'min' ? aggregation : 'sum';
}

/** The aggregation a family's state implies by its kind and merge hint (the inverse of `mergeHint`). */
export function hintedAggregation(family: {
  readonly kind: MetricKind;
  readonly merge: MergeHint;
}): MultiprocessAggregation {
  if (family.merge === 'all') return 'perprocess';
  if (family.merge === 'max' || family.merge === 'min') return family.merge;
  return kindDefault(family.kind);
}

/** Semantic-convention buckets for `db.client.operation.duration` and connection timings, in seconds. */
export const DB_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
/** Semantic-convention buckets for `db.client.response.returned_rows`. */
export const DB_ROWS_BUCKETS: readonly number[] = Object.freeze([
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000,
]);
/** Body sizes in bytes: powers of four from 64 B to 16 MiB. */
export const BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
]);

const HTTP_LABELS = ['http.request.method', 'http.route', 'http.response.status_code', 'url.scheme', 'error.type'];
const HTTP_NOTE =
  '`http_route` only when a framework matched a route; `error_type` only for 5xx (the code) and aborted requests (`aborted`).';
const DB_OPERATION_LABELS = [
  'db.system.name',
  'db.namespace',
  'db.operation.name',
  'db.collection.name',
  'server.address',
  'server.port',
  'error.type',
];
const POOL_LABELS = ['db.system.name', 'db.client.connection.pool.name'];

export const HTTP_SERVER_REQUEST_DURATION: MetricDefinition = {
  name: 'http.server.request.duration',
  kind: 'histogram',
  unit: 's',
  description: 'Duration of HTTP server requests, from the request line to the end of the response.',
  labels: HTTP_LABELS,
  layers: ['http'],
  note: HTTP_NOTE + ' Buckets: `NODEPROM_HTTP_DURATION_BUCKETS`.',
};

export const HTTP_SERVER_ACTIVE_REQUESTS: MetricDefinition = {
  name: 'http.server.active_requests',
  kind: 'updowncounter',
  unit: '{request}',
  description: 'Number of HTTP server requests in flight.',
  labels: ['http.request.method', 'url.scheme'],
  layers: ['http'],
};

export const HTTP_SERVER_REQUEST_BODY_SIZE: MetricDefinition = {
  name: 'http.server.request.body.size',
  kind: 'histogram',
  unit: 'By',
  description: 'Size of HTTP server request bodies, from their Content-Length.',
  labels: HTTP_LABELS,
  buckets: BODY_SIZE_BUCKETS,
  layers: ['http'],
  note: 'Observed when the request declares a Content-Length (chunked bodies are not).',
};

export const HTTP_SERVER_RESPONSE_BODY_SIZE: MetricDefinition = {
  name: 'http.server.response.body.size',
  kind: 'histogram',
  unit: 'By',
  description: 'Size of HTTP server response bodies, from their Content-Length.',
  labels: HTTP_LABELS,
  buckets: BODY_SIZE_BUCKETS,
  layers: ['http'],
  note: 'Observed when the response has a Content-Length (chunked responses are not).',
};

export const DB_CLIENT_OPERATION_DURATION: MetricDefinition = {
  name: 'db.client.operation.duration',
  kind: 'histogram',
  unit: 's',
  description: 'Duration of database client operations: SQL statements and Redis commands.',
  labels: DB_OPERATION_LABELS,
  buckets: DB_DURATION_BUCKETS,
  layers: ['pg', 'mysql2', 'ioredis'],
  note: '`db_collection_name` only when a SQL statement targets one table (the first 200 distinct tables per database, then `_OTHER`); `error_type` only on failure. Buckets: `NODEPROM_DB_DURATION_BUCKETS`.',
};

export const DB_CLIENT_RESPONSE_RETURNED_ROWS: MetricDefinition = {
  name: 'db.client.response.returned_rows',
  kind: 'histogram',
  unit: '{row}',
  description: 'Rows returned by successful SQL statements.',
  labels: ['db.system.name', 'db.namespace', 'db.operation.name', 'db.collection.name'],
  buckets: DB_ROWS_BUCKETS,
  layers: ['pg', 'mysql2'],
};

export const DB_CLIENT_CONNECTIONS: MetricDefinition = {
  name: 'db.client.connections',
  kind: 'gauge',
  unit: '{connection}',
  description: 'Connections of a pool by state (idle, used); for Redis, clients in ready state.',
  labels: [...POOL_LABELS, 'db.client.connection.state'],
  layers: ['pg', 'mysql2', 'ioredis'],
};

export const DB_CLIENT_CONNECTION_MAX: MetricDefinition = {
  name: 'db.client.connection.max',
  kind: 'gauge',
  unit: '{connection}',
  description: 'Maximum number of connections a pool allows.',
  labels: POOL_LABELS,
  layers: ['pg', 'mysql2'],
};

export const DB_CLIENT_CONNECTION_PENDING_REQUESTS: MetricDefinition = {
  name: 'db.client.connection.pending_requests',
  kind: 'gauge',
  unit: '{request}',
  description: 'Requests waiting for a connection from a pool.',
  labels: POOL_LABELS,
  layers: ['pg', 'mysql2'],
};

export const DB_CLIENT_CONNECTION_WAIT_TIME: MetricDefinition = {
  name: 'db.client.connection.wait_time',
  kind: 'histogram',
  unit: 's',
  description: 'Time it took to obtain a connection from a pool.',
  labels: POOL_LABELS,
  buckets: DB_DURATION_BUCKETS,
  layers: ['pg', 'mysql2'],
};

export const DB_CLIENT_CONNECTION_CREATE_TIME: MetricDefinition = {
  name: 'db.client.connection.create_time',
  kind: 'histogram',
  unit: 's',
  description: 'Time it took to open a new connection; its count is the number of connections opened or attempted.',
  labels: ['db.system.name', 'db.client.connection.pool.name', 'server.address', 'error.type'],
  buckets: DB_DURATION_BUCKETS,
  layers: ['pg', 'mysql2', 'ioredis'],
  note: '`error_type` marks failed attempts (connection errors); `db_client_connection_pool_name` only for pooled connections.',
};

export const DB_CLIENT_CACHE_LOOKUPS: MetricDefinition = {
  name: 'db.client.cache.lookups',
  kind: 'counter',
  unit: '{lookup}',
  description: 'Cache reads by result: a hit found the key (or field), a miss got nil.',
  labels: ['db.system.name', 'db.operation.name', 'cache.result'],
  layers: ['ioredis'],
};

export const DB_MIGRATIONS_APPLIED: MetricDefinition = {
  name: 'db.migrations.applied',
  kind: 'gauge',
  unit: '{migration}',
  description: 'Migrations applied to the database, as knex last listed them.',
  labels: ['db.system.name', 'db.namespace'],
  layers: ['knex'],
  // Every process lists the same database: the most advanced view (most applied, fewest pending), not a sum.
  multiprocess: 'max',
};

export const DB_MIGRATIONS_PENDING: MetricDefinition = {
  name: 'db.migrations.pending',
  kind: 'gauge',
  unit: '{migration}',
  description: 'Migrations not yet applied, as knex last listed them.',
  labels: ['db.system.name', 'db.namespace'],
  layers: ['knex'],
  multiprocess: 'min',
};

export const DB_MIGRATION_DURATION: MetricDefinition = {
  name: 'db.migration.duration',
  kind: 'histogram',
  unit: 's',
  description: 'Duration of one migration file run, up or down.',
  labels: ['db.system.name', 'db.namespace', 'db.migration.direction', 'error.type'],
  buckets: [0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300],
  layers: ['knex'],
};

export const NODEPROM_SCRAPE_ERRORS: MetricDefinition = {
  name: 'nodeprom.scrape.errors',
  kind: 'counter',
  unit: '{error}',
  description:
    'Processes of a multi-process service whose state a scrape could not read in time; their last known values were served.',
  labels: ['error.type'],
  layers: [],
  note: 'Only in multi-process services (node:cluster, PM2, processes sharing NODEPROM_PORT). `error_type`: `timeout` or `unreadable`.',
};

export const NODEPROM_METRIC_OVERFLOW: MetricDefinition = {
  name: 'nodeprom.metric.overflow',
  kind: 'counter',
  unit: '{record}',
  description:
    'Records that went into a metric\'s overflow series (otel_metric_overflow="true") because it had reached its series budget.',
  labels: ['metric'],
  layers: [],
  note: 'Present once a metric has overflowed. `metric` is the Prometheus name without `NODEPROM_PREFIX`. Budget: `NODEPROM_MAX_SERIES_PER_METRIC`.',
};

export const NODEPROM_SCRAPE_DURATION: MetricDefinition = {
  name: 'nodeprom.scrape.duration',
  kind: 'histogram',
  unit: 's',
  description:
    'Time the app spent building scrape bodies: collection plus writing, not counting the pauses between chunks.',
  labels: [],
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  layers: [],
  note: 'Recorded when a body is complete, so a scrape shows the scrapes before it.',
};

export const NODEPROM_SCRAPE_SERIES: MetricDefinition = {
  name: 'nodeprom.scrape.series',
  kind: 'gauge',
  unit: '{series}',
  description: 'Samples (lines) in the last complete scrape body; each histogram bucket, _count and _sum is one.',
  labels: [],
  layers: [],
  multiprocess: 'max',
};
// The runtime layer. Every runtime metric describes one process, so in a multi-process service each
// process keeps its own series and a process that is gone leaves none behind.
const PER_PROCESS = 'perprocess';

/** Buckets of the GC duration histograms: semantic conventions' 0.01, 0.1, 1, 10, with finer steps below 10 ms. */
export const GC_DURATION_BUCKETS: readonly number[] = DB_DURATION_BUCKETS;

function runtimeGauge(
  name: string,
  unit: string,
  description: string,
  labels: readonly string[] = [],
  note?: string,
): MetricDefinition {
  return {
    name,
    kind: 'gauge',
    unit,
    description,
    labels,
    layers: ['runtime'],
    multiprocess: PER_PROCESS,
    ...(note ? { note } : {}),
  };
}

function runtimeCounter(
  name: string,
  unit: string,
  description: string,
  labels: readonly string[] = [],
): MetricDefinition {
  return { name, kind: 'counter', unit, description, labels, layers: ['runtime'], multiprocess: PER_PROCESS };
}

const WINDOW_NOTE =
  'Over the interval since the previous scrape (the monitor is reset at each scrape); an idle loop reports about 0.01 s, the 10 ms sampling resolution.';
const delay = (stat: string, what: string): MetricDefinition =>
  runtimeGauge(
    `nodejs.eventloop.delay.${stat}`,
    's',
    `Event loop delay: ${what}, from perf_hooks.monitorEventLoopDelay.`,
    [],
    WINDOW_NOTE,
  );

export const NODEJS_EVENTLOOP_DELAY_MIN = delay('min', 'the minimum');
export const NODEJS_EVENTLOOP_DELAY_MAX = delay('max', 'the maximum');
export const NODEJS_EVENTLOOP_DELAY_MEAN = delay('mean', 'the mean');
export const NODEJS_EVENTLOOP_DELAY_STDDEV = delay('stddev', 'the standard deviation');
export const NODEJS_EVENTLOOP_DELAY_P50 = delay('p50', 'the 50th percentile');
export const NODEJS_EVENTLOOP_DELAY_P90 = delay('p90', 'the 90th percentile');
export const NODEJS_EVENTLOOP_DELAY_P99 = delay('p99', 'the 99th percentile');
export const NODEJS_EVENTLOOP_UTILIZATION = runtimeGauge(
  'nodejs.eventloop.utilization',
  '1',
  'Share of time the event loop was busy (0 to 1) since the previous scrape, from performance.eventLoopUtilization.',
);
export const NODEJS_EVENTLOOP_TIME = runtimeCounter(
  'nodejs.eventloop.time',
  's',
  'Cumulative time the event loop spent active and idle.',
  ['nodejs.eventloop.state'],
);
export const V8JS_GC_DURATION: MetricDefinition = {
  name: 'v8js.gc.duration',
  kind: 'histogram',
  unit: 's',
  description: 'Garbage collection pauses by kind (major, minor, incremental, weakcb), from a PerformanceObserver.',
  labels: ['v8js.gc.type'],
  buckets: GC_DURATION_BUCKETS,
  layers: ['runtime'],
  multiprocess: PER_PROCESS,
  note: 'A kind appears once a collection of that kind has run.',
};
const SPACE = ['v8js.heap.space.name'];
export const V8JS_MEMORY_HEAP_USED = runtimeGauge(
  'v8js.memory.heap.used',
  'By',
  'V8 heap used, per heap space.',
  SPACE,
  'Heap used in all: `sum without (v8js_heap_space_name) (v8js_memory_heap_used_bytes)`.',
);
export const V8JS_MEMORY_HEAP_SPACE_SIZE = runtimeGauge(
  'v8js.memory.heap.space.size',
  'By',
  'V8 heap size reserved, per heap space.',
  SPACE,
  'Heap total: the sum over spaces.',
);
export const V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE = runtimeGauge(
  'v8js.memory.heap.space.available_size',
  'By',
  'V8 heap space still available, per heap space.',
  SPACE,
);
export const V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE = runtimeGauge(
  'v8js.memory.heap.space.physical_size',
  'By',
  'V8 heap memory committed, per heap space.',
  SPACE,
);
export const V8JS_MEMORY_HEAP_SIZE_LIMIT = runtimeGauge(
  'v8js.memory.heap.size_limit',
  'By',
  'Largest size the V8 heap may reach (heap_size_limit, set by --max-old-space-size).',
);
export const V8JS_MEMORY_EXTERNAL = runtimeGauge(
  'v8js.memory.external',
  'By',
  'Memory of C++ objects bound to JavaScript objects (process.memoryUsage().external).',
);
export const V8JS_MEMORY_ARRAY_BUFFERS = runtimeGauge(
  'v8js.memory.array_buffers',
  'By',
  'Memory of ArrayBuffers and SharedArrayBuffers, Buffers included (process.memoryUsage().arrayBuffers).',
);
export const PROCESS_MEMORY_USAGE = runtimeGauge('process.memory.usage', 'By', 'Resident set size of the process.');
export const PROCESS_CPU_TIME = runtimeCounter(
  'process.cpu.time',
  's',
  'CPU time of the process by mode (user, system).',
  ['cpu.mode'],
);
export const PROCESS_START_TIME = runtimeGauge(
  'process.start_time',
  's',
  'Start time of the process since the Unix epoch.',
);
// Semantic conventions call the count `process.unix.file_descriptor.count`, but a gauge ending in
// `_count` is a histogram's or summary's sample to Prometheus (promtool rejects it): these take the
// name every Prometheus client library uses.
export const PROCESS_OPEN_FDS = runtimeGauge(
  'process.open_fds',
  '{file_descriptor}',
  'Open file descriptors of the process (semantic conventions: process.unix.file_descriptor.count).',
  [],
  'Linux only (read from /proc); absent elsewhere.',
);
export const PROCESS_MAX_FDS = runtimeGauge(
  'process.max_fds',
  '{file_descriptor}',
  'Maximum number of open file descriptors (the soft limit).',
  [],
  'Linux only (read from /proc); absent elsewhere.',
);
export const V8JS_RESOURCE_ACTIVE = runtimeGauge(
  'v8js.resource.active',
  '{resource}',
  'Resources keeping the event loop alive by type, from process.getActiveResourcesInfo().',
  ['v8js.resource.type'],
  "Types are Node.js's own names (TCPServerWrap, Timeout, FSReqCallback, ...); past 32 types the rest count as `_OTHER`.",
);
export const PROCESS_RUNTIME_INFO = runtimeGauge('process.runtime.info', '', 'Node.js version; always 1.', [
  'process.runtime.name',
  'process.runtime.version',
]);

/** The runtime layer's default profile: OpenTelemetry's runtime semantic conventions. */
export const RUNTIME_METRICS: readonly MetricDefinition[] = [
  NODEJS_EVENTLOOP_DELAY_MIN,
  NODEJS_EVENTLOOP_DELAY_MAX,
  NODEJS_EVENTLOOP_DELAY_MEAN,
  NODEJS_EVENTLOOP_DELAY_STDDEV,
  NODEJS_EVENTLOOP_DELAY_P50,
  NODEJS_EVENTLOOP_DELAY_P90,
  NODEJS_EVENTLOOP_DELAY_P99,
  NODEJS_EVENTLOOP_UTILIZATION,
  NODEJS_EVENTLOOP_TIME,
  V8JS_GC_DURATION,
  V8JS_MEMORY_HEAP_USED,
  V8JS_MEMORY_HEAP_SPACE_SIZE,
  V8JS_MEMORY_HEAP_SPACE_AVAILABLE_SIZE,
  V8JS_MEMORY_HEAP_SPACE_PHYSICAL_SIZE,
  V8JS_MEMORY_HEAP_SIZE_LIMIT,
  V8JS_MEMORY_EXTERNAL,
  V8JS_MEMORY_ARRAY_BUFFERS,
  PROCESS_MEMORY_USAGE,
  PROCESS_CPU_TIME,
  PROCESS_START_TIME,
  PROCESS_OPEN_FDS,
  PROCESS_MAX_FDS,
  V8JS_RESOURCE_ACTIVE,
  PROCESS_RUNTIME_INFO,
];

// The prom-client profile (NODEPROM_RUNTIME_METRICS_NAMES=prom-client): prom-client 15's
// collectDefaultMetrics() families. `name` is the exact Prometheus name, with a unit chosen so that the
// exposition leaves it unchanged; a test checks both against prom-client's own output.
const LINUX_NOTE = 'Linux only (read from /proc); absent elsewhere, as in prom-client.';
const lag = (stat: string, what: string): MetricDefinition =>
  runtimeGauge(
    `nodejs_eventloop_lag_${stat}_seconds`,
    's',
    `Event loop delay: ${what} over the interval since the previous scrape.`,
  );

export const PROM_CLIENT_RUNTIME_METRICS: readonly MetricDefinition[] = [
  runtimeCounter('process_cpu_user_seconds_total', 's', 'CPU time the process spent in user mode.'),
  runtimeCounter('process_cpu_system_seconds_total', 's', 'CPU time the process spent in the kernel.'),
  runtimeCounter('process_cpu_seconds_total', 's', 'CPU time of the process, user and kernel together.'),
  runtimeGauge('process_start_time_seconds', 's', 'When the process started, in seconds since the Unix epoch.'),
  runtimeGauge('process_resident_memory_bytes', 'By', 'Resident set size of the process.'),
  runtimeGauge('process_virtual_memory_bytes', 'By', 'Virtual memory size of the process (VmSize).', [], LINUX_NOTE),
  runtimeGauge('process_heap_bytes', 'By', 'Data segment size of the process (VmData).', [], LINUX_NOTE),
  runtimeGauge('process_open_fds', '{file_descriptor}', 'Open file descriptors of the process.', [], LINUX_NOTE),
  runtimeGauge('process_max_fds', '{file_descriptor}', 'Soft limit on open file descriptors.', [], LINUX_NOTE),
  runtimeGauge(
    'nodejs_eventloop_lag_seconds',
    's',
    'How long a callback queued with setImmediate at a scrape waited to run.',
    [],
    'Measured at a scrape with setImmediate; the value reported is the one the previous scrape measured, as in prom-client.',
  ),
  lag('min', 'the minimum'),
  lag('max', 'the maximum'),
  lag('mean', 'the mean'),
  lag('stddev', 'the standard deviation'),
  lag('p50', 'the 50th percentile'),
  lag('p90', 'the 90th percentile'),
  lag('p99', 'the 99th percentile'),
  runtimeGauge(
    'nodejs_active_resources',
    '{resource}',
    'Resources keeping the event loop alive, by type (process.getActiveResourcesInfo).',
    ['type'],
  ),
  runtimeGauge(
    'nodejs_active_resources_total',
    '{resource}',
    'Resources keeping the event loop alive, all types.',
    [],
    'A gauge named `_total`, as prom-client names it; promtool flags the suffix.',
  ),
  runtimeGauge(
    'nodejs_active_handles',
    '{handle}',
    'Active libuv handles by the class name of their JavaScript object.',
    ['type'],
  ),
  runtimeGauge(
    'nodejs_active_handles_total',
    '{handle}',
    'Active libuv handles, all types.',
    [],
    'A gauge named `_total`, as prom-client names it; promtool flags the suffix.',
  ),
  runtimeGauge(
    'nodejs_active_requests',
    '{request}',
    'Active libuv requests by the class name of their JavaScript object.',
    ['type'],
  ),
  runtimeGauge(
    'nodejs_active_requests_total',
    '{request}',
    'Active libuv requests, all types.',
    [],
    'A gauge named `_total`, as prom-client names it; promtool flags the suffix.',
  ),
  runtimeGauge('nodejs_heap_size_total_bytes', 'By', 'V8 heap size reserved (heapTotal).'),
  runtimeGauge('nodejs_heap_size_used_bytes', 'By', 'V8 heap used (heapUsed).'),
  runtimeGauge('nodejs_external_memory_bytes', 'By', 'Memory of C++ objects bound to JavaScript objects (external).'),
  runtimeGauge('nodejs_heap_space_size_total_bytes', 'By', 'V8 heap size reserved, per heap space.', ['space']),
  runtimeGauge('nodejs_heap_space_size_used_bytes', 'By', 'V8 heap used, per heap space.', ['space']),
  runtimeGauge('nodejs_heap_space_size_available_bytes', 'By', 'V8 heap space still available, per heap space.', [
    'space',
  ]),
  runtimeGauge('nodejs_version_info', '', 'Node.js version; always 1.', ['version', 'major', 'minor', 'patch']),
  {
    name: 'nodejs_gc_duration_seconds',
    kind: 'histogram',
    unit: 's',
    description: 'Garbage collection pauses by kind (major, minor, incremental, weakcb).',
    labels: ['kind'],
    buckets: [0.001, 0.01, 0.1, 1, 2, 5],
    layers: ['runtime'],
    multiprocess: PER_PROCESS,
  },
];

/** The prom-client profile's definition named `name` (a programming error if there is none). */
export function promClientRuntimeMetric(name: string): MetricDefinition {
  const found = PROM_CLIENT_RUNTIME_METRICS.find((definition) => definition.name === name);
  if (found === undefined) throw new Error(`no prom-client runtime metric ${name}`);
  return found;
}

/** Every metric nodeprom can emit, in the order `docs/metrics.md` lists them. */
export const ALL_METRICS: readonly MetricDefinition[] = [
  HTTP_SERVER_REQUEST_DURATION,
  HTTP_SERVER_ACTIVE_REQUESTS,
  HTTP_SERVER_REQUEST_BODY_SIZE,
  HTTP_SERVER_RESPONSE_BODY_SIZE,
  DB_CLIENT_OPERATION_DURATION,
  DB_CLIENT_RESPONSE_RETURNED_ROWS,
  DB_CLIENT_CONNECTIONS,
  DB_CLIENT_CONNECTION_MAX,
  DB_CLIENT_CONNECTION_PENDING_REQUESTS,
  DB_CLIENT_CONNECTION_WAIT_TIME,
  DB_CLIENT_CONNECTION_CREATE_TIME,
  DB_CLIENT_CACHE_LOOKUPS,
  DB_MIGRATIONS_APPLIED,
  DB_MIGRATIONS_PENDING,
  DB_MIGRATION_DURATION,
  NODEPROM_SCRAPE_ERRORS,
  NODEPROM_METRIC_OVERFLOW,
  NODEPROM_SCRAPE_DURATION,
  NODEPROM_SCRAPE_SERIES,
  ...RUNTIME_METRICS,
];
