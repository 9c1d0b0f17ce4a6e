'use strict';
// Nothing the runtime layer starts (delay monitor, GC observer, lag probe) keeps an idle app alive.
const path = require('node:path');
const { spawn } = require('node:child_process');
const { expect } = require('chai');
const { ROOT, freePort, sampleValue } = require('@nodeprom/test-utils');

const IDLE_APP = path.join(__dirname, 'fixtures', 'idle-app.js');

function runToExit(env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--require', '@nodeprom/auto-register', IDLE_APP], {
      cwd: ROOT,
      env: { ...process.env, NODEPROM_HOST: '127.0.0.1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
    });
    // A guard against a hang, not a measurement: a process kept alive never exits on its own.
    const guard = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the app did not exit on its own:\n${stderr}`));
    }, 20000);
    child.once('exit', (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

describe('runtime: an idle app exits on its own', function () {
  for (const names of ['opentelemetry', 'prom-client']) {
    it(`with the runtime layer on (${names} names) and every other layer idle`, async () => {
      const result = await runToExit({
        NODEPROM_PORT: String(await freePort()),
        NODEPROM_RUNTIME_METRICS_NAMES: names,
      });
      expect(result.code, result.stderr).to.equal(0);
      const cpu =
        names === 'prom-client'
          ? sampleValue(result.stdout, 'process_cpu_user_seconds_total')
          : sampleValue(result.stdout, 'process_cpu_time_seconds_total', { cpu_mode: 'user' });
      expect(cpu, 'the layer was on').to.be.above(0);
    });
  }
});
