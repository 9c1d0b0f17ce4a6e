'use strict';
// SQL (PostgreSQL through pg, MySQL and MariaDB through mysql2): statements, errors and pools.

const SQL = 'db_system_name!="redis"';
const COUNT = 'instance_system_operation_collection:db_client_operation_duration_seconds_count:rate5m';
const SUM = 'instance_system_operation_collection:db_client_operation_duration_seconds_sum:rate5m';
const BUCKETS = 'instance_system_operation_collection_le:db_client_operation_duration_seconds_bucket:rate5m';
const STATEMENT = ['db_system_name', 'db_operation_name', 'db_collection_name'];
const STATEMENT_LEGEND = '{{db_system_name}} {{db_operation_name}} {{db_collection_name}}';
const POOL = ['db_system_name', 'db_client_connection_pool_name'];
const POOL_LEGEND = '{{db_system_name}} {{db_client_connection_pool_name}}';
const by = (labels) => `sum by (${labels.join(', ')})`;
// Quantiles end in `>= 0` and ratios divide by `(… > 0)`: a statement idle for 5 minutes drops out
// instead of showing NaN.

// A row is a function of the panel builders (panels.js).
module.exports = ({ scoped, timeseries }) => ({
  title: 'SQL',
  panels: [
    timeseries({
      title: 'Statements per second by operation and table',
      description: 'The table is shown when a statement targets one table.',
      unit: 'ops',
      queries: [{ expr: `${by(STATEMENT)} (${scoped(COUNT, SQL)})`, legend: STATEMENT_LEGEND }],
    }),
    timeseries({
      title: 'p99 statement duration by operation and table',
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, ${by([...STATEMENT, 'le'])} (${scoped(BUCKETS, SQL)})) >= 0`,
          legend: STATEMENT_LEGEND,
        },
      ],
    }),
    timeseries({
      title: 'Mean statement duration by operation and table',
      unit: 's',
      queries: [
        {
          expr: `${by(STATEMENT)} (${scoped(SUM, SQL)}) / (${by(STATEMENT)} (${scoped(COUNT, SQL)}) > 0)`,
          legend: STATEMENT_LEGEND,
        },
      ],
    }),
    timeseries({
      title: 'SQL errors per second by type',
      description:
        "error_type is the database's error code (SQLSTATE for PostgreSQL, the error code name for MySQL/MariaDB) or the client's.",
      unit: 'ops',
      queries: [
        {
          expr: `sum by (db_system_name, error_type) (${scoped('instance_system_error:db_client_operation_errors:rate5m', SQL)})`,
          legend: '{{db_system_name}} {{error_type}}',
        },
      ],
    }),
    timeseries({
      title: 'Error ratio by database system (worst instance)',
      description: 'Share of failed operations. The NodepromDatabaseErrors alert fires above 5%.',
      unit: 'percentunit',
      max: 1,
      queries: [
        {
          expr: `max by (db_system_name) (${scoped('instance_system:db_client_operation_errors_per_operations:ratio_rate5m', SQL)})`,
          legend: '{{db_system_name}}',
        },
      ],
    }),
    timeseries({
      title: 'Pool connections by state',
      description: 'Connections used and idle, and the pool maximum, summed over the selected instances.',
      unit: 'short',
      queries: [
        {
          expr: `sum by (db_system_name, db_client_connection_pool_name, db_client_connection_state) (${scoped('instance_pool_state:db_client_connections:sum', SQL)})`,
          legend: `${POOL_LEGEND} {{db_client_connection_state}}`,
        },
        {
          expr: `${by(POOL)} (${scoped('instance_pool:db_client_connection_max:sum', SQL)})`,
          legend: `${POOL_LEGEND} max`,
        },
      ],
    }),
    timeseries({
      title: 'Pool saturation (worst instance)',
      description: 'Used connections over the pool maximum, per process: 100% means every connection is busy.',
      unit: 'percentunit',
      max: 1,
      queries: [
        {
          expr: `max by (db_system_name, db_client_connection_pool_name) (${scoped('instance_pool:db_client_connections_used_per_max:ratio', SQL)})`,
          legend: POOL_LEGEND,
        },
      ],
    }),
    timeseries({
      title: 'Requests waiting for a connection (worst instance)',
      description: 'The NodepromDatabasePoolExhausted alert fires when requests wait at every scrape for 5 minutes.',
      unit: 'short',
      queries: [
        {
          expr: `max by (db_system_name, db_client_connection_pool_name) (${scoped('instance_pool:db_client_connection_pending_requests:sum', SQL)})`,
          legend: POOL_LEGEND,
        },
      ],
    }),
    timeseries({
      title: 'p99 wait for a pool connection',
      unit: 's',
      queries: [
        {
          expr: `histogram_quantile(0.99, ${by([...POOL, 'le'])} (${scoped('instance_pool_le:db_client_connection_wait_time_seconds_bucket:rate5m', SQL)})) >= 0`,
          legend: POOL_LEGEND,
        },
      ],
    }),
    timeseries({
      title: 'Connection attempts per second by outcome',
      description: 'New connections opened (empty error type) and failed attempts (the error type).',
      unit: 'ops',
      queries: [
        {
          expr: `sum by (db_system_name, server_address, error_type) (${scoped('instance_system_server_error:db_client_connection_create_time_seconds_count:rate5m', SQL)})`,
          legend: '{{db_system_name}} {{server_address}} {{error_type}}',
        },
      ],
    }),
  ],
});
