import type { LayerName } from './config';

export type MetricKind = 'histogram' | 'counter' | 'updowncounter' | 'gauge';

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
}

/** Semantic-convention buckets for `db.client.operation.duration` and connection timings, in seconds. */
export const DB_DURATION_BUCKETS: readonly number[] = Object.freeze([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10]);
/** Semantic-convention buckets for `db.client.response.returned_rows`. */
export const DB_ROWS_BUCKETS: readonly number[] = Object.freeze([1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000]);
/** Body sizes in bytes: powers of four from 64 B to 16 MiB. */
export const BODY_SIZE_BUCKETS: readonly number[] = Object.freeze([
  64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216,
]);

const HTTP_LABELS = ['http.request.method', 'http.route', 'http.response.status_code', 'url.scheme', 'error.type'];
const HTTP_NOTE = '`http_route` only when a framework matched a route; `error_type` only for 5xx (the code) and aborted requests (`aborted`).';
const DB_OPERATION_LABELS = [
  'db.system.name', 'db.namespace', 'db.operation.name', 'db.collection.name', 'server.address', 'server.port', 'error.type',
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
};

export const DB_MIGRATIONS_PENDING: MetricDefinition = {
  name: 'db.migrations.pending',
  kind: 'gauge',
  unit: '{migration}',
  description: 'Migrations not yet applied, as knex last listed them.',
  labels: ['db.system.name', 'db.namespace'],
  layers: ['knex'],
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
];
