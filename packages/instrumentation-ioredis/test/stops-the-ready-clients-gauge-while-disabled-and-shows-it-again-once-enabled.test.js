'use strict';
// A disabled layer reports nothing, its ready-clients gauge included (as pg's and knex's pool
// gauges), and enabling it again brings the client the app already has back into it.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService } = require('@nodeprom/test-utils');

describe('ioredis layer: disabled, then enabled again', function () {
  it('stops the ready-clients gauge while disabled and shows the client again once enabled', async function () {
    await requireService(this, 'redis');
    const output = execFileSync(
      process.execPath,
      [path.join(ROOT, 'packages/instrumentation-ioredis/test/fixtures/ioredis-disable-enable.js')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const stages = JSON.parse(output.trim().split('\n').pop());
    expect(stages).to.deep.equal({
      enabled: { commands: 2, connections: true },
      disabled: { commands: 2, connections: false },
      enabledAgain: { commands: 3, connections: true },
    });
  });
});
