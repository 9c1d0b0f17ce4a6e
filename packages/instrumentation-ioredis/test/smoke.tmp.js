const { startApp } = require('@nodeprom/test-utils');
(async () => {
  const app = await startApp('test-fixtures/apps/ioredis-app.js', { env: { IOREDIS_DIR: process.env.DIR || '' } });
  console.log(app.info);
  await app.call('run', 'set', 'rdl:a', '1');
  await app.call('run', 'get', 'rdl:a');
  await app.call('run', 'get', 'rdl:nope');
  await app.call('run', 'mget', 'rdl:a', 'rdl:nope', 'rdl:a');
  await app.call('run', 'exists', 'rdl:a', 'rdl:nope');
  console.log(await app.call('run', 'hget', 'rdl:a', 'x').catch(e => e.message));
  console.log(await app.call('multi', [['get','rdl:a'],['hget','rdl:a','f'],['get','rdl:nope']]));
  console.log(await app.call('pipeline', [['get','rdl:a'],['hget','rdl:a','f'],['get','rdl:nope']]));
  console.log(await app.call('script', 'rdl:s', 'v'));
  console.log(await app.call('call', 'FOOBAR', 'x').catch(e => e.message));
  const text = await app.scrape();
  console.log(text.split('\n').filter(l => l.includes('redis') && !l.includes('_bucket')).join('\n'));
  console.log(app.stderr);
  await app.stop();
})();
