'use strict';
// Loads pg BEFORE nodeprom (started without a preload flag): nodeprom must say so, once, by name.
const pg = require('pg');
require('@nodeprom/auto-register');
const { serve } = require('@nodeprom/test-utils/app');

const client = new pg.Client({ host: '127.0.0.1', port: 5432, user: 'postgres', database: 'test' });
client.connect().then(() => serve({
  async text(sql) {
    const { rows } = await client.query(sql);
    return rows.length;
  },
  close: () => client.end(),
}));
