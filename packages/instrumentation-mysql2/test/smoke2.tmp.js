const { startApp } = require('@nodeprom/test-utils');
(async () => {
  const app = await startApp('test-fixtures/apps/mysql2-app.js', { preload: 'none', execArgv: ['--require', './test-fixtures/apps/mysql2-patch-preload.js'] });
  await app.call('connect');
  await app.call('run', 'callback', 'query', 'SELECT 1');
  await app.call('connectTo', 1).catch((e) => e.code);
  const text = await app.scrape();
  console.log(text.split('\n').filter((l) => l.startsWith('db_') && l.includes('_count')).join('\n'));
  console.log(app.stderr);
  await app.stop();
})().catch((e) => { console.error(e); process.exit(1); });
