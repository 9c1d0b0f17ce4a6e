'use strict';
// Redis through ioredis: commands, cache lookups, errors and connections.

const REDIS = 'db_system_name="redis"';
const COUNT = 'instance_system_operation_collection:db_client_operation_duration_seconds_count:rate5m';
const BUCKETS = 'instance_system_operation_collection_le:db_client_operation_duration_seconds_bucket:rate5m';
const LOOKUPS = 'instance_operation_result:db_client_cache_lookups:rate5m';

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries }) => ({
  title: 'Redis',
  panels: [
    timeseries({
      title: 'Commands per second by command',
      unit: 'ops',
      queries: [{ expr: `sum by (db_operation_name) (${scoped(COUNT, REDIS)})`, legend: '{{db_operation_name}}' }],
    }),
    timeseries({
      title: 'p99 command duration by command',
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, sum by (db_operation_name, le) (${scoped(BUCKETS, REDIS)})) >= 0`,
          legend: '{{db_operation_name}}',
        },
      ],
    }),
    timeseries({
      title: 'Cache hit ratio by instance',
      description: 'Reads that found their key (or field) over all cache reads (GET, HGET, MGET, …).',
      unit: 'percentunit',
      max: 1,
      queries: [{ expr: scoped('instance:db_client_cache_hits_per_lookups:ratio_rate5m'), legend: '{{instance}}' }],
    }),
    timeseries({
      title: 'Cache lookups per second by result',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (db_operation_name, cache_result) (${scoped(LOOKUPS)})`,
          legend: '{{db_operation_name}} {{cache_result}}',
        },
      ],
    }),
    timeseries({
      title: 'Redis errors per second by type',
      description: 'Error replies by their prefix (WRONGTYPE, NOSCRIPT, …) and client-side errors by class.',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (error_type) (${scoped('instance_system_error:db_client_operation_errors:rate5m', REDIS)})`,
          legend: '{{error_type}}',
        },
      ],
    }),
    timeseries({
      title: 'Redis connections by state',
      description: 'Clients in ready state count as used.',
      unit: 'short',
      queries: [
        {
          expr: `sum by (db_client_connection_pool_name, db_client_connection_state) (${scoped('instance_pool_state:db_client_connections:sum', REDIS)})`,
          legend: '{{db_client_connection_pool_name}} {{db_client_connection_state}}',
        },
      ],
    }),
    timeseries({
      title: 'Redis connection attempts per second by outcome',
      description:
        'Connects and reconnects (empty error type) and failed attempts. The NodepromRedisConnectionFailures alert fires above 3 failures in 5 minutes.',
      unit: 'ops',
      width: 24,
      queries: [
        {
          expr: `sum by (server_address, error_type) (${scoped('instance_system_server_error:db_client_connection_create_time_seconds_count:rate5m', REDIS)})`,
          legend: '{{server_address}} {{error_type}}',
        },
      ],
    }),
  ],
});
