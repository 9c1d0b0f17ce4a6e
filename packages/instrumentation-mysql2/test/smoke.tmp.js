const { startApp } = require('@nodeprom/test-utils');
(async () => {
  for (const env of [{}, { MYSQL2_DIR: 'test-fixtures/versions/mysql2-3.11' }]) {
    const app = await startApp('test-fixtures/apps/mysql2-app.js', { env });
    console.log('version', await app.call('version'));
    await app.call('setup'); await app.call('connect');
    console.log(await app.call('run', 'callback', 'query', 'SELECT * FROM myl_items'));
    console.log(await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [1, 'a']));
    console.log(await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [1, 'a']).catch((e) => e.code));
    console.log(await app.call('run', 'callback', 'query', 'SELEC oops').catch((e) => e.code));
    console.log(await app.call('stream', 'SELECT * FROM myl_items'));
    await app.call('changeUser', 'myl_second');
    console.log(await app.call('run', 'callback', 'query', 'SELECT * FROM myl_other'));
    await app.call('createPool', 'p1', { connectionLimit: 1 });
    console.log(await app.call('poolConcurrent', 'p1', 'SELECT SLEEP(0.2)', 2));
    console.log(await app.call('connectTo', 1).catch((e) => e.code));
    console.log(await app.call('killMidQuery').catch((e) => e.code));
    await app.call('cluster', 'SELECT 1', 4);
    const text = await app.scrape();
    console.log(text.split('\n').filter((l) => l.startsWith('db_') && !l.includes('_bucket')).join('\n'));
    console.log(app.stderr);
    await app.stop();
  }
})().catch((e) => { console.error(e); process.exit(1); });
