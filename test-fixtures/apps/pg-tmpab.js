// in-process A/B: events on vs off, alternating blocks
const pg = require('pg');
const hook = require('@nodeprom/instrumentation-pg/build/hook');
const { registerInstrumentations } = require('@nodeprom/core');
(async () => {
  const h = registerInstrumentations();
  const inst = h.instrumentations.find((i) => i.instrumentationName.includes('pg'));
  const tracker = inst.tracker;
  const client = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
  await client.connect();
  for (let i = 0; i < 3000; i++) await client.query('SELECT 1');
  const sums = { on: 0, off: 0 }; const n = { on: 0, off: 0 };
  for (let round = 0; round < 40; round++) {
    for (const mode of round % 2 ? ['on', 'off'] : ['off', 'on']) {
      hook.setPgEvents(mode === 'on' ? tracker : undefined);
      const s = process.cpuUsage();
      for (let i = 0; i < 1000; i++) await client.query('SELECT 1');
      const u = process.cpuUsage(s); sums[mode] += u.user + u.system; n[mode] += 1000;
    }
  }
  console.log('off', (sums.off / n.off).toFixed(2), 'on', (sums.on / n.on).toFixed(2), 'ratio', (sums.off / sums.on).toFixed(3));
  await client.end(); await h.shutdown();
})();
