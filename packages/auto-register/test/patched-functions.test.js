'use strict';
// Functions nodeprom wraps keep the driver's identity: the same name, length and printed form.
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService } = require('@nodeprom/test-utils');
const { printedObjects } = require('@nodeprom/test-utils/print-objects');

describe('patched driver functions keep their name and length', function () {
  it('pg, pg-pool, mysql2, ioredis and knex functions print the same with and without the preload', async function () {
    await requireService(this, 'postgres');
    const script = path.join(ROOT, 'test-fixtures/apps/patched-functions.js');
    const without = printedObjects(script, false);
    const withNodeprom = printedObjects(script, true);
    expect(Object.keys(withNodeprom)).to.have.length(Object.keys(without).length).and.to.be.above(15);
    for (const name of Object.keys(without)) expect(withNodeprom[name], name).to.equal(without[name]);
  });
});
