'use strict';
// A disabled layer reports nothing, its pool gauges included (as pg's and knex's), and enabling it
// again brings them back for the pool the app already has.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService } = require('@nodeprom/test-utils');

describe('mysql2 layer: disabled, then enabled again', function () {
  it('stops the pool gauges while disabled and shows them again once enabled, on the same pool', async function () {
    await requireService(this, 'mariadb');
    const output = execFileSync(
      process.execPath,
      [path.join(ROOT, 'packages/instrumentation-mysql2/test/fixtures/mysql2-disable-enable.js')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const stages = JSON.parse(output.trim().split('\n').pop());
    expect(stages).to.deep.equal({
      enabled: { operations: 2, poolGauge: true },
      disabled: { operations: 2, poolGauge: false },
      enabledAgain: { operations: 3, poolGauge: true },
    });
  });
});
