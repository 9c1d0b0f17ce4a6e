'use strict';
// In a node:cluster service, the runtime series are per process: one set for each live process
// (primary and workers), told apart by process_pid, and none left behind by a worker that is gone.
const { expect } = require('chai');
const { startApp, findSamples } = require('@nodeprom/test-utils');

function pidsOf(text, name, labels = {}) {
  return new Set(findSamples(text, name, labels).map((sample) => sample.labels.process_pid));
}

describe('runtime: a node:cluster service', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/cluster-app.js', { env: { WORKERS: '2' } });
  });
  after(async () => app && app.stop());

  it('reports one set of runtime series per live process, and none for a replaced worker', async () => {
    const workers = await app.call('workers');
    let text = await app.scrape();
    const pids = pidsOf(text, 'process_cpu_time_seconds_total', { cpu_mode: 'user' });
    for (const pid of workers) expect(pids, `worker ${pid}`).to.include(String(pid));
    expect(pids.size).to.equal(workers.length + 1); // the primary too
    expect(pidsOf(text, 'nodejs_eventloop_delay_p99_seconds')).to.deep.equal(pids);
    const { stopped, started } = await app.call('replaceWorker');
    text = await app.scrape();
    const after = pidsOf(text, 'process_cpu_time_seconds_total', { cpu_mode: 'user' });
    expect(after).to.not.include(String(stopped));
    expect(after).to.include(String(started));
    expect(pidsOf(text, 'v8js_memory_heap_used_bytes', { v8js_heap_space_name: 'old_space' })).to.deep.equal(after);
    expect(pidsOf(text, 'process_open_fds')).to.not.include(String(stopped));
  });
});
