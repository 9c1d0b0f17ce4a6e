'use strict';
// node --require @nodeprom/auto-register scripts/bench/toggle.js pg|mysql2|ioredis
// In-process A/B: one process runs the scenario's operation in alternating blocks with the layer
// enabled and disabled (a disabled layer's patches pass calls straight through), and reports the
// median ratio of CPU per operation, disabled / enabled. Same process, same JIT state, same
// connections: it leaves out the machine's drift between processes that the main benchmark
// suffers from, and measures what the layer's recording costs on top of its pass-through.
const { registerInstrumentations } = require('@nodeprom/core');
const { median } = require('./harness');

const LAYERS = {
  async pg() {
    const pg = require('pg');
    const pool = new pg.Pool({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test', max: 16 });
    return { op: () => pool.query('SELECT 1'), close: () => pool.end() };
  },
  async mysql2() {
    const mysql = require('mysql2');
    const pool = mysql.createPool({
      host: '127.0.0.1',
      port: 3306,
      user: 'root',
      password: '',
      database: 'test',
      connectionLimit: 16,
    });
    const op = () =>
      new Promise((resolve, reject) =>
        pool.query('SELECT 1', (error, rows) => (error ? reject(error) : resolve(rows))),
      );
    return { op, close: () => new Promise((resolve) => pool.end(resolve)) };
  },
  async ioredis() {
    const Redis = require('ioredis');
    const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 7 });
    await redis.set('rdl:bench', 'value');
    return { op: () => redis.get('rdl:bench'), close: () => redis.quit() };
  },
};

async function block(op, ops) {
  let next = 0;
  const worker = async () => {
    while (next < ops) {
      next++;
      await op();
    }
  };
  const start = process.cpuUsage();
  await Promise.all(Array.from({ length: 16 }, worker));
  const used = process.cpuUsage(start);
  return (used.user + used.system) / ops;
}

async function main() {
  const name = process.argv[2];
  const layer = registerInstrumentations().instrumentations.find(
    (i) => i.instrumentationName === `@nodeprom/instrumentation-${name}`,
  );
  if (!layer) throw new Error(`run with --require @nodeprom/auto-register; no ${name} layer`);
  const { op, close } = await LAYERS[name]();
  await block(op, 20000);
  const ratios = [];
  for (let round = 0; round < 15; round++) {
    const order = round % 2 ? ['on', 'off'] : ['off', 'on'];
    const cost = {};
    for (const state of order) {
      if (state === 'on') layer.enable();
      else layer.disable();
      cost[state] = await block(op, 10000);
    }
    ratios.push(cost.off / cost.on);
  }
  layer.enable();
  await close();
  process.stdout.write(`${name}: in-process efficiency (layer off / on, median of 15): ${median(ratios).toFixed(3)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
