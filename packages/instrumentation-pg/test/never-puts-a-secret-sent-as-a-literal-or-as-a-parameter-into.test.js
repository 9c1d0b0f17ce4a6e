'use strict';
// The pg layer: never puts a secret sent as a literal or as a parameter into the exposition.
const { expect } = require('chai');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('never puts a secret sent as a literal or as a parameter into the exposition', async () => {
    const literal = 'pglSecretLiteral8842';
    const parameter = 'pglSecretParameter1193';
    await app.call('text', `SELECT '${literal}' AS s`);
    await app.call('config', 'SELECT $1::text AS s', [parameter]);
    await app.call('config', `INSERT INTO pgl_items (id, name) VALUES (500, '${literal}')`, []);
    await app
      .call('config', 'INSERT INTO pgl_items (id, name) VALUES ($1, $2)', [500, parameter])
      .catch(() => undefined);
    await app.call('text', `SELECT * FROM pgl_missing WHERE name = '${literal}'`).catch(() => undefined);
    const text = await app.scrape();
    expect(text).to.include(DURATION);
    expect(text).to.not.include(literal);
    expect(text).to.not.include(parameter);
  });
});
