'use strict';
// Core's index defines most exports lazily (lazy-exports.ts) and lists their names a second time,
// in a block that never runs, for Node's import of CommonJS from ESM. The two lists must agree: an
// export missing from the block is invisible to `import { x } from '@nodeprom/core'`.
const { expect } = require('chai');
const { spawnSync } = require('node:child_process');

describe("core's index: lazily loaded exports", () => {
  it('gives an ESM import the same names as require, each with a value', () => {
    const script = `
      const required = require('@nodeprom/core');
      import('@nodeprom/core').then((namespace) => {
        const esm = Object.keys(namespace).filter((name) => name !== 'default' && name !== 'module.exports').sort();
        const cjs = Object.keys(required).sort();
        const missing = cjs.filter((name) => !esm.includes(name));
        const undefinedValues = esm.filter((name) => namespace[name] === undefined);
        console.log(JSON.stringify({ count: cjs.length, missing, undefinedValues }));
      });`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    const { count, missing, undefinedValues } = JSON.parse(result.stdout);
    expect(count).to.be.greaterThan(100);
    expect(missing).to.deep.equal([]);
    expect(undefinedValues).to.deep.equal([]);
  });

  it('loads a module only when one of its exports is first read', () => {
    const script = `
      const core = require('@nodeprom/core');
      const loaded = () => Object.keys(require.cache).some((file) => file.endsWith('/core/build/web-config.js'));
      const before = loaded();
      void core.parseWebConfig;
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(result.status, result.stderr).to.equal(0);
    expect(JSON.parse(result.stdout)).to.deep.equal({ before: false, after: true });
  });
});
