'use strict';
// nodeprom's state never shows in the app's logs: mysql2's objects print exactly as without the preload.
const path = require('node:path');
const { expect } = require('chai');
const { requireService } = require('@nodeprom/test-utils');
const { printedObjects } = require('@nodeprom/test-utils/print-objects');

describe('mysql2 layer: mysql2 objects print as without nodeprom', function () {
  it('util.inspect of a connection, rows, fields, a server error, a pool, a pool connection and a command is unchanged by the preload', async function () {
    await requireService(this, 'mariadb');
    const script = path.join(__dirname, 'fixtures/print-objects.js');
    const without = printedObjects(script, false);
    const withNodeprom = printedObjects(script, true);
    expect(Object.keys(withNodeprom)).to.deep.equal([
      'connection',
      'rows',
      'fields',
      'error',
      'pooledRows',
      'poolConnection',
      'command',
      'pool',
    ]);
    for (const name of Object.keys(without)) expect(withNodeprom[name], name).to.equal(without[name]);
  });
});
