'use strict';
// core writes and reads the SDK's enum values as constants, so that start-up does not load the SDK
// (issue 11 §7); they must stay the installed SDK's values.
const { expect } = require('chai');
const { ValueType } = require('@opentelemetry/api');
const { AggregationTemporality, DataPointType } = require('@opentelemetry/sdk-metrics');
const values = require('../../build/sdk-values');

describe('the SDK enum values core hard-codes', () => {
  it('are the installed @opentelemetry/sdk-metrics and @opentelemetry/api values', () => {
    expect(values.HISTOGRAM_POINTS).to.equal(DataPointType.HISTOGRAM);
    expect(values.EXPONENTIAL_HISTOGRAM_POINTS).to.equal(DataPointType.EXPONENTIAL_HISTOGRAM);
    expect(values.GAUGE_POINTS).to.equal(DataPointType.GAUGE);
    expect(values.SUM_POINTS).to.equal(DataPointType.SUM);
    expect(values.CUMULATIVE).to.equal(AggregationTemporality.CUMULATIVE);
    expect(values.DOUBLE_VALUES).to.equal(ValueType.DOUBLE);
  });
});
