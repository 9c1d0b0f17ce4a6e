'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { expect } = require('chai');
const { ENVIRONMENT_VARIABLES } = require('@nodeprom/core');
const { render, DOC } = require('../../../scripts/generate-metrics-doc');

describe('documentation', () => {
  it('docs/metrics.md matches the metric definitions in the code (run `npm run docs` to regenerate)', () => {
    expect(fs.readFileSync(DOC, 'utf8')).to.equal(render());
  });

  it('the README documents every environment variable the code reads', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const name of Object.keys(ENVIRONMENT_VARIABLES)) expect(readme, name).to.include(`\`${name}\``);
  });
});
