'use strict';
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');

// A preload reaches every worker thread: there it must cost nothing but its own two files.
describe('a worker thread of a preloaded app', function () {
  it("loads neither nodeprom's core nor the OpenTelemetry SDK", async () => {
    const app = await startApp('test-fixtures/apps/worker-loads-nothing-app.js');
    try {
      expect(app.info.loaded).to.deep.equal([]);
    } finally {
      await app.stop();
    }
  });
});
