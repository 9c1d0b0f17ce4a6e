'use strict';
// nodeprom watches Module._load for the first load of the packages its layers hook (first-load.ts).
// Node 22 and 24 call Module._load with a fourth argument (options, e.g. `shouldSkipModuleHooks`
// when an ESM import loads a CommonJS package), and another loader hook beneath nodeprom's must get
// every argument, and `this`, exactly as node gave them.
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const { expect } = require('chai');

const ROOT = path.resolve(__dirname, '..', '..', '..');

// What node's own wrapModuleLoad does on Node 22 and 24: a call with options.
const APP = `
const Module = require('node:module');
const options = { shouldSkipModuleHooks: true };
globalThis.reachedBeneath.length = 0; // nodeprom's own loads of node:path, at start-up
const loaded = Module._load('node:path', module, false, options);
const [reached] = globalThis.reachedBeneath;
process.stdout.write(JSON.stringify({
  same: loaded === require('node:path'),
  self: reached.self,
  parent: reached.args[0] === module,
  isMain: reached.args[1],
  options: reached.args[2] === options,
  count: reached.args.length,
}));
`;

describe('the first-load watch on Module._load', () => {
  it('passes `this` and every argument (the options Node 22 and 24 add) to the loader beneath it', () => {
    const result = spawnSync(
      process.execPath,
      [
        '--require',
        path.join(ROOT, 'test-fixtures', 'apps', 'module-load-beneath-preload.js'),
        '--require',
        '@nodeprom/auto-register',
        '-e',
        APP,
      ],
      { cwd: ROOT, env: { ...process.env, NODEPROM_PORT: '0', NODEPROM_HOST: '127.0.0.1' }, encoding: 'utf8' },
    );
    expect(result.stderr).to.equal('');
    expect(JSON.parse(result.stdout)).to.deep.equal({
      same: true,
      self: true,
      parent: true,
      isMain: false,
      options: true,
      count: 3,
    });
  });
});
