'use strict';
// Resource types are Node's own names, but the label stays bounded whatever a module does: past 32
// distinct types the rest are counted as `_OTHER`.
const { expect } = require('chai');
const { countByType, MAX_RESOURCE_TYPES, OTHER_RESOURCE_TYPE } = require('../build/active-resources');

describe('runtime: counting active resources by type', () => {
  it('counts each type and puts types past the cap under _OTHER', () => {
    const types = [];
    for (let i = 0; i < MAX_RESOURCE_TYPES + 10; i++) types.push(`Type${i}`, `Type${i}`);
    const counts = countByType(['Timeout', 'Timeout', ...types]);
    expect(counts.size).to.equal(MAX_RESOURCE_TYPES + 1);
    expect(counts.get('Timeout')).to.equal(2);
    expect(counts.get(OTHER_RESOURCE_TYPE)).to.equal(2 * 11);
    expect([...counts.values()].reduce((a, b) => a + b, 0)).to.equal(2 + types.length);
  });
});
