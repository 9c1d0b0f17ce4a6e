'use strict';
// The pg layer: passes promtool check metrics on a scrape with the pg layer on.
const { expect } = require('chai');
const { parseExposition, promtoolCheck } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it('passes promtool check metrics on a scrape with the pg layer on', async function () {
    const text = await app.scrape();
    expect(parseExposition(text).samples.some((s) => s.name.startsWith('db_client_'))).to.equal(true);
    expect(promtoolCheck(this, text)).to.equal('');
  });
});
