'use strict';
// The HTTP layer is made when first needed (issue 11 §7): at the first framework load or the first
// listen(). A sticky-session worker never listens: its sockets come over IPC and reach its server
// through `emit('connection')`. Its first request must still be counted, as when every layer was
// made at start-up.
const { fork } = require('node:child_process');
const { once } = require('node:events');
const net = require('node:net');
const path = require('node:path');
const { expect } = require('chai');
const { sampleValue } = require('@nodeprom/test-utils');

const ROOT = path.resolve(__dirname, '..', '..', '..');

describe('a sticky-session worker (sockets handed over, never listening)', () => {
  let worker;
  let front;
  before(async () => {
    worker = fork(path.join(ROOT, 'test-fixtures', 'apps', 'sticky-worker-app.js'), {
      cwd: ROOT,
      execArgv: ['--require', '@nodeprom/auto-register'],
      env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    worker.stderrText = '';
    worker.stderr.on('data', (chunk) => (worker.stderrText += chunk));
    await once(worker, 'message');
    // The process in front: not preloaded, it only accepts and hands each socket to the worker.
    front = net.createServer({ pauseOnConnect: true }, (socket) => worker.send('socket', socket));
    front.listen(0, '127.0.0.1');
    await once(front, 'listening');
  });
  after(() => {
    front?.close();
    worker?.kill();
  });

  it('counts every request, the first one included', async () => {
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`http://127.0.0.1:${front.address().port}/`, { headers: { connection: 'close' } });
      expect(await response.text()).to.equal('ok');
    }
    worker.send('scrape');
    const [{ text }] = await once(worker, 'message');
    expect(
      sampleValue(text, 'http_server_request_duration_seconds_count', { http_response_status_code: '200' }),
    ).to.equal(3);
    expect(worker.stderrText).to.equal('');
  });
});
