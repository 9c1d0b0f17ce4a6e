'use strict';
const { expect } = require('chai');
const { startApp, findSamples } = require('@nodeprom/test-utils');

// A metric declared per process (as the runtime layer's are) keeps one series per live process,
// told apart by process_pid; a process that is gone leaves no series behind.
describe('node:cluster: per-process metrics of 3 workers', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: '3', PER_PROCESS_GAUGE: '1' } });
  });
  after(async () => app && app.stop());

  const pidsIn = (text) =>
    findSamples(text, 'app_worker_heap_bytes')
      .map((sample) => sample.labels.process_pid)
      .sort();

  it('shows one series per live worker, and none for a worker that is gone', async () => {
    const workers = (await app.call('workers')).map(String).sort();
    let text = await app.scrape();
    expect(pidsIn(text)).to.deep.equal(workers);
    for (const sample of findSamples(text, 'app_worker_heap_bytes')) expect(sample.value).to.equal(1024);

    const { stopped, started } = await app.call('replaceWorker');
    text = await app.scrape();
    expect(pidsIn(text)).to.include(String(started)).and.not.to.include(String(stopped));
    expect(pidsIn(text)).to.have.length(3);
  });
});
