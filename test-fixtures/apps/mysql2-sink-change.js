'use strict';
// Records mysql2 queries into one MetricStore, switches the layer to a second store (as a new
// MeterProvider would), and prints what each store holds: operations per store and whether each
// reports the pool's gauges. For packages/instrumentation-mysql2/test/sink-change.test.js.
const { MetricStore } = require('@nodeprom/core');
const { Mysql2Instrumentation } = require('@nodeprom/instrumentation-mysql2');

async function summary(store) {
  const { resourceMetrics } = await store.collect();
  const out = { operations: 0, waits: 0, poolGauge: false };
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      const name = metric.descriptor.name;
      for (const point of metric.dataPoints) {
        if (name === 'db.client.operation.duration') out.operations += point.value.count;
        if (name === 'db.client.connection.wait_time') out.waits += point.value.count;
        if (name === 'db.client.connection.max') out.poolGauge = true;
      }
    }
  }
  return out;
}

async function main() {
  const first = new MetricStore();
  const second = new MetricStore();
  const layer = new Mysql2Instrumentation();
  layer.useSink(first);
  const mysql = require('mysql2/promise');
  const pool = mysql.createPool({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test', connectionLimit: 2 });
  for (let i = 0; i < 3; i++) await pool.query('SELECT 1');
  layer.useSink(second);
  for (let i = 0; i < 2; i++) await pool.query('SELECT 1');
  const result = { first: await summary(first), second: await summary(second) };
  await pool.end();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
