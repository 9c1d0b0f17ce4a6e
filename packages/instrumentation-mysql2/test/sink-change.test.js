'use strict';
// A layer whose sink is replaced (a new MeterProvider, or useSink) records from then on into the new
// one only: connections and pools the app already has must not keep writing to the old sink.
const { execFileSync } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT, requireService } = require('@nodeprom/test-utils');

describe('mysql2 layer: a replaced sink', function () {
  it('records later queries, waits and pool gauges in the new sink, on the same pool and connections', async function () {
    await requireService(this, 'mariadb');
    const output = execFileSync(
      process.execPath,
      [path.join(ROOT, 'packages/instrumentation-mysql2/test/fixtures/mysql2-sink-change.js')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    const { first, second } = JSON.parse(output.trim().split('\n').pop());
    expect(first).to.deep.equal({ operations: 3, waits: 3, poolGauge: false });
    expect(second).to.deep.equal({ operations: 2, waits: 2, poolGauge: true });
  });
});
