'use strict';
// One reading per scrape, shared by the gauges that come from it: each reader sees every reading,
// a reader coming back for the next scrape takes a fresh one, and a scrape that reads a gauge twice
// (a multi-process state export, then the body) does not start a second window.
const { expect } = require('chai');
const { SharedReading } = require('../build/shared-reading');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

describe('runtime: a reading shared by the gauges of a scrape', () => {
  it('gives every reader the same reading, and a fresh one at the next scrape', async () => {
    let readings = 0;
    const shared = new SharedReading(() => ++readings);
    const min = shared.reader();
    const max = shared.reader();
    expect([min(), max()]).to.deep.equal([1, 1]);
    expect(min(), 'read again within the same scrape').to.equal(1);
    await sleep(150);
    expect([max(), min()]).to.deep.equal([2, 2]);
    expect(readings).to.equal(2);
  });
});
