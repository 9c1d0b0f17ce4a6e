'use strict';
// nodeprom's state never shows in the app's logs: pg's objects print exactly as without the preload.
const path = require('node:path');
const { expect } = require('chai');
const { requireService } = require('@nodeprom/test-utils');
const { printedObjects } = require('@nodeprom/test-utils/print-objects');

describe('pg layer: pg objects print as without nodeprom', function () {
  it('util.inspect of a client, a Query, a result, a server error, a pool and a pool client is unchanged by the preload', async function () {
    await requireService(this, 'postgres');
    const script = path.join(__dirname, 'fixtures/print-objects.js');
    const without = printedObjects(script, false);
    const withNodeprom = printedObjects(script, true);
    expect(Object.keys(withNodeprom)).to.deep.equal(['client', 'query', 'result', 'error', 'poolClient', 'pool']);
    for (const name of Object.keys(without)) expect(withNodeprom[name], name).to.equal(without[name]);
  });
});
