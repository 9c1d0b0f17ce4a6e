'use strict';
const { expect } = require('chai');
const { readConfigWithWarnings } = require('./read-config');

const read = readConfigWithWarnings;

describe('NODEPROM_MAX_SERIES_PER_METRIC', () => {
  it('defaults to 2000 series per metric', () => {
    expect(read({}).config.maxSeriesPerMetric).to.equal(2000);
  });

  it('takes a positive integer', () => {
    const { config, warnings } = read({ NODEPROM_MAX_SERIES_PER_METRIC: ' 50000 ' });
    expect(config.maxSeriesPerMetric).to.equal(50000);
    expect(warnings).to.equal('');
  });

  for (const bad of ['0', '-5', '2.5', 'lots', '1e4', '2000000']) {
    it(`warns once about ${JSON.stringify(bad)}, naming the variable and what it accepts, and keeps 2000`, () => {
      const { config, warnings } = read({ NODEPROM_MAX_SERIES_PER_METRIC: bad });
      expect(config.maxSeriesPerMetric).to.equal(2000);
      expect(warnings.trim().split('\n')).to.have.length(1);
      expect(warnings).to.include(
        `NODEPROM_MAX_SERIES_PER_METRIC=${JSON.stringify(bad)} is not valid: expected an integer from 1 to 1000000; using 2000.`,
      );
    });
  }
});
