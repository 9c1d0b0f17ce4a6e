'use strict';
// The pg layer: reports a syntax error as 42601, and the app gets pg's own DatabaseError.
const { expect } = require('chai');
const { findSamples } = require('@nodeprom/test-utils');
const { useApp } = require('@nodeprom/test-utils/use-app');
const { APP, DURATION, SERVER } = require('./helpers');

describe('pg layer, a CommonJS app with pg 8.x', function () {
  const app = useApp('postgres', APP, {}, { calls: [['setup']] });

  it("reports a syntax error as 42601, and the app gets pg's own DatabaseError", async () => {
    const labels = { ...SERVER, error_type: '42601' };
    const before = await app.scrape();
    const error = await app.call('text', 'SELEC 1').then(
      () => undefined,
      (e) => e,
    );
    const after = await app.scrape();
    expect(error).to.include({ code: '42601', constructorName: 'DatabaseError' });
    const grown =
      findSamples(after, `${DURATION}_count`, labels).reduce((n, s) => n + s.value, 0) -
      findSamples(before, `${DURATION}_count`, labels).reduce((n, s) => n + s.value, 0);
    expect(grown).to.equal(1);
  });
});
