'use strict';
// GET against the local Redis (db 7, key rdl:bench) on one client, several in flight as an app's
// concurrent requests would have them: ioredis' client CPU per command.
const Redis = require('ioredis');
const { measureLoop } = require('./harness');

async function main() {
  const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 7 });
  await redis.set('rdl:bench', 'value');
  const result = await measureLoop(() => redis.get('rdl:bench'));
  redis.disconnect();
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
