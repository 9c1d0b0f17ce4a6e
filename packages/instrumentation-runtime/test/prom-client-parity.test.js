'use strict';
// NODEPROM_RUNTIME_METRICS_NAMES=prom-client gives every family prom-client 15's collectDefaultMetrics()
// exposes, with the same name, type and label names, so dashboards and alerts written for prom-client
// keep working.
const path = require('node:path');
const { expect } = require('chai');
const { startApp, parseExposition, run } = require('@nodeprom/test-utils');
const { PROM_CLIENT_RUNTIME_METRICS } = require('@nodeprom/core');
const { APP } = require('./helpers');

const PROM_CLIENT_APP = path.join(__dirname, 'fixtures', 'prom-client-defaults.js');

/** Family name -> { type, labels: label names seen on its samples (histogram `le` aside), or undefined without samples }. */
function familiesOf(text) {
  const { samples, families } = parseExposition(text);
  const result = new Map();
  for (const [name, family] of families) result.set(name, { type: family.type, labels: undefined });
  for (const sample of samples) {
    const name = [...result.keys()].find(
      (family) =>
        sample.name === family ||
        (result.get(family).type === 'histogram' &&
          [`${family}_bucket`, `${family}_sum`, `${family}_count`].includes(sample.name)),
    );
    if (name === undefined) continue;
    const entry = result.get(name);
    entry.labels ??= new Set();
    for (const label of Object.keys(sample.labels)) if (label !== 'le') entry.labels.add(label);
  }
  return result;
}

describe('runtime: the prom-client profile', function () {
  let app;
  let theirs;
  let ours;
  before(async () => {
    theirs = familiesOf(run(process.execPath, ['--expose-gc', PROM_CLIENT_APP]));
    app = await startApp(APP, { execArgv: ['--expose-gc'], env: { NODEPROM_RUNTIME_METRICS_NAMES: 'prom-client' } });
    await app.call('gc');
    ours = familiesOf(await app.scrape());
  });
  after(async () => app?.stop());

  it('prom-client exposes the families this test expects (it ran)', () => {
    expect(theirs.size).to.be.at.least(25);
    expect(theirs.get('nodejs_gc_duration_seconds').labels).to.deep.equal(new Set(['kind']));
  });

  it('has every family prom-client exposes, with the same type and label names', () => {
    for (const [name, family] of theirs) {
      const mine = ours.get(name);
      expect(mine, `${name} is missing`).to.not.equal(undefined);
      expect(mine.type, `type of ${name}`).to.equal(family.type);
      if (family.labels === undefined) continue;
      // A family with no series in this scrape (no file read in flight) is checked against its definition.
      const labels = mine.labels ?? new Set(PROM_CLIENT_RUNTIME_METRICS.find((d) => d.name === name).labels);
      expect(labels, `label names of ${name}`).to.deep.equal(family.labels);
    }
  });

  it('emits no runtime family prom-client does not have', () => {
    const extra = [...ours.keys()].filter((name) => /^(nodejs|process|v8js)_/.test(name) && !theirs.has(name));
    expect(extra).to.deep.equal([]);
  });
});
