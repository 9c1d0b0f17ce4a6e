'use strict';
const fs = require('node:fs');
const { expect } = require('chai');
const { render, DOC } = require('../../../scripts/generate-metrics-doc');

describe('docs/metrics.md', () => {
  it('matches the metric definitions in the code (run `npm run docs` to regenerate)', () => {
    expect(fs.readFileSync(DOC, 'utf8')).to.equal(render());
  });
});
