'use strict';
// Shared by the layers' "prints as without nodeprom" tests: runs a driver script (which prints
// `util.inspect` of its objects as JSON on its last stdout line) with and without the preload, and
// normalizes what differs between any two runs (connection ids, keys, ports, timings, stack frames).
const { execFileSync } = require('node:child_process');
const { ROOT } = require('./index');

function normalize(text) {
  return text
    .split('\n')
    .filter((line) => !/^\s+at /.test(line))
    .join('\n')
    .replace(/<Buffer[^>]*>/g, '<Buffer>')
    .replace(/-?\d+/g, 'N');
}

/** `util.inspect` outputs of `script`'s objects, by name, normalized; `preload` true loads nodeprom. */
function printedObjects(script, preload, env = {}) {
  const args = preload ? ['--require', '@nodeprom/auto-register', script] : [script];
  const output = execFileSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1', ...env },
  });
  const printed = JSON.parse(output.trim().split('\n').pop());
  return Object.fromEntries(Object.entries(printed).map(([name, text]) => [name, normalize(text)]));
}

module.exports = { printedObjects };
