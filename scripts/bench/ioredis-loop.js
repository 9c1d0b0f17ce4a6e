'use strict';
// One GET per operation against the local Redis (db 7, key rdl:bench): ioredis' client CPU per command.
const Redis = require('ioredis');
const { measureLoop } = require('./harness');

async function main() {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 7 });
  await redis.set('rdl:bench', 'value');
  const ops = Number(process.env.BENCH_OPS ?? 20000);
  const result = await measureLoop(() => redis.get('rdl:bench'), { ops, warmup: Math.min(5000, ops) });
  redis.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
