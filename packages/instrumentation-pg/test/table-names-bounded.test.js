'use strict';
// Table names come from the app's SQL, so they can come from its data: a database keeps its first
// 200 tables as labels, and later ones are recorded under db_collection_name="_OTHER".
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');

describe('pg layer: table names are bounded per database', function () {
  let app;
  before(async function () {
    await requireService(this, 'postgres');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'));
  });
  after(async () => app?.stop());

  it('keeps the first 200 distinct tables of a database, then records _OTHER, with one warning', async () => {
    await app.call('manyTables', 'pgtb_', 230);
    const text = await app.scrape();
    const tables = new Set(
      findSamples(text, 'db_client_operation_duration_seconds_count', { db_namespace: 'test' })
        .map((sample) => sample.labels.db_collection_name)
        .filter(Boolean),
    );
    expect(tables.size).to.equal(201);
    expect(tables.has('_OTHER')).to.equal(true);
    expect(tables.has('pgtb_229')).to.equal(false);
    const other = findSamples(text, 'db_client_operation_duration_seconds_count', {
      db_namespace: 'test',
      db_collection_name: '_OTHER',
    });
    expect(other.reduce((total, sample) => total + sample.value, 0)).to.equal(30);
    expect(app.stderr.match(/distinct tables/g)).to.have.length(1);
  });
});
