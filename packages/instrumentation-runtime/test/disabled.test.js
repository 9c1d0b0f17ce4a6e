'use strict';
// NODEPROM_DISABLED_INSTRUMENTATIONS=runtime: not one runtime series, in either profile.
const { expect } = require('chai');
const { startApp, parseExposition } = require('@nodeprom/test-utils');
const { RUNTIME_METRICS, PROM_CLIENT_RUNTIME_METRICS, prometheusName } = require('@nodeprom/core');
const { APP } = require('./helpers');

const RUNTIME_NAMES = [...RUNTIME_METRICS, ...PROM_CLIENT_RUNTIME_METRICS].map((definition) =>
  prometheusName(definition),
);

describe('runtime: the layer disabled', function () {
  let app;
  before(async () => {
    app = await startApp(APP, { execArgv: ['--expose-gc'], env: { NODEPROM_DISABLED_INSTRUMENTATIONS: 'runtime' } });
    await app.call('gc');
  });
  after(async () => app?.stop());

  it('exposes no runtime family and no runtime series', async () => {
    const { families, samples } = parseExposition(await app.scrape());
    const runtimeFamilies = [...families.keys()].filter((name) => RUNTIME_NAMES.includes(name));
    expect(runtimeFamilies).to.deep.equal([]);
    const runtimeSamples = samples.filter((sample) =>
      RUNTIME_NAMES.some((name) => sample.name === name || sample.name.startsWith(`${name}_`)),
    );
    expect(runtimeSamples).to.deep.equal([]);
    expect(families.size, 'the endpoint still serves the other layers').to.be.above(0);
  });
});
