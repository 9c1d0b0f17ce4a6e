'use strict';
// Enabling and disabling the layer 1 000 times leaves nothing behind: the heap does not grow from
// one round of 1 000 cycles to the next, and a disabled layer reports no gauge.
const path = require('node:path');
const { expect } = require('chai');
const { run } = require('@nodeprom/test-utils');

const TOGGLE_APP = path.join(__dirname, 'fixtures', 'toggle-app.js');

describe('runtime: enabling and disabling 1 000 times', function () {
  for (const names of ['opentelemetry', 'prom-client']) {
    it(`keeps the heap flat and leaves no gauge or timer (${names} names)`, () => {
      const { heaps, series, afterDisable, resources } = JSON.parse(
        run(process.execPath, ['--expose-gc', TOGGLE_APP, names, '1000']),
      );
      // Rounds 2 to 4 (round 1 warms up code and caches). A leaked observer, monitor or registration
      // per cycle would add at least 1 000 objects a round, hundreds of KB.
      const growth = Math.max(heaps[2], heaps[3]) - heaps[1];
      expect(growth, `heap after each round: ${heaps.join(', ')}`).to.be.below(256 * 1024);
      expect(series, 'series while enabled').to.be.above(20);
      expect(afterDisable, 'gauge series once disabled').to.equal(0);
      expect(
        resources.filter((type) => type !== 'PipeWrap' && type !== 'TTYWrap'),
        'handles left running',
      ).to.deep.equal([]);
    });
  }
});
