'use strict';
// The README's frameworks table lists the version ranges each hook declares beside itself, so the
// two cannot drift apart.
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('chai');
const { ROOT } = require('@nodeprom/test-utils');

const BUILD = path.join(__dirname, '..', 'build');

describe("the README's frameworks table", function () {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| framework | versions hooked |'));
  const declared = {
    express: require(path.join(BUILD, 'express')).EXPRESS_VERSIONS,
    router: require(path.join(BUILD, 'express')).ROUTER_VERSIONS,
    koa: require(path.join(BUILD, 'koa')).KOA_VERSIONS,
    hapi: require(path.join(BUILD, 'hapi')).HAPI_VERSIONS,
  };

  for (const [hook, range] of Object.entries(declared)) {
    it(`lists the ${hook} hook's range ${range}`, () => {
      expect(table.slice(0, table.indexOf('\n\n'))).to.include(`\`${range}\``);
    });
  }
});
