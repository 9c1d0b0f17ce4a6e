'use strict';
// The summarizer reads mysql2's SQL as MySQL/MariaDB does: `$q$` is an identifier, not a dollar
// quote, and `#` starts a comment, so a table named inside the comment is not the statement's table.
const path = require('node:path');
const { expect } = require('chai');
const { requireService, startApp, findSamples } = require('@nodeprom/test-utils');

describe('mysql2 layer: SQL read the MariaDB way', function () {
  let app;
  before(async function () {
    await requireService(this, 'mariadb');
    app = await startApp(path.join(__dirname, 'fixtures/shape-app.js'));
    await app.call('query', 'CREATE TABLE IF NOT EXISTS myd_real (id INT)');
  });
  after(async () => app?.stop());

  it('reports the table MariaDB reads, not the one inside a # comment after $q$', async () => {
    const result = await app.call('query', 'SELECT 1 AS $q$ FROM myd_real #$q$ FROM myd_in_comment\n');
    expect(result).to.equal(0);
    const text = await app.scrape();
    const tables = findSamples(text, 'db_client_operation_duration_seconds_count', { db_operation_name: 'SELECT' }).map(
      (s) => s.labels.db_collection_name,
    );
    expect(tables).to.include('myd_real');
    expect(text).to.not.include('myd_in_comment');
  });
});
