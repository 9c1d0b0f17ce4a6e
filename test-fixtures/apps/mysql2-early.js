'use strict';
// Loads mysql2 BEFORE nodeprom (started without a preload; nodeprom is required afterwards), to
// show what load order means for a patched release: one warning naming mysql2, and no metrics.
const path = require('node:path');
const mysql = require(process.env.MYSQL2_DIR ? path.resolve(process.env.MYSQL2_DIR, 'node_modules/mysql2') : 'mysql2');
require('@nodeprom/auto-register');
const { serve } = require('@nodeprom/test-utils/app');

const connection = mysql.createConnection({ host: '127.0.0.1', port: 3306, user: 'root', password: '', database: 'test' });
serve({
  query: (sql) => new Promise((resolve, reject) => {
    connection.query(sql, (error, rows) => (error ? reject(error) : resolve(rows.length)));
  }),
  close: () => new Promise((resolve) => connection.end(() => resolve())),
});
