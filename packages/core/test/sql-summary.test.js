'use strict';
const { execFileSync } = require('node:child_process');
const { expect } = require('chai');
const { summarizeSql } = require('@nodeprom/core');
const {
  sqlSummaryCacheSize,
  SQL_SCAN_LIMIT,
  SQL_CACHE_MAX_TEXT,
  SQL_CACHE_MAX_ENTRIES,
  SQL_MAX_COLLECTION_SUMMARIES,
} = require('../build/sql-summary');

/** [sql, operation, collection (undefined: none)] */
const CASES = [
  // plain statements, both dialects' placeholders
  ['SELECT * FROM users WHERE id = $1', 'SELECT', 'users'],
  ['select id, name from `users` where `id` = ?', 'SELECT', 'users'],
  ['SELECT 1', 'SELECT', undefined],
  ['SELECT 1 FROM DUAL', 'SELECT', undefined],
  ["SELECT nextval('orders_id_seq')", 'SELECT', undefined],
  ['INSERT INTO orders (a, b) VALUES ($1, $2) RETURNING id', 'INSERT', 'orders'],
  ['INSERT orders SET a = ?', 'INSERT', 'orders'],
  ['INSERT IGNORE INTO orders (a) VALUES (?)', 'INSERT', 'orders'],
  ['INSERT INTO orders DEFAULT VALUES', 'INSERT', 'orders'],
  ['REPLACE INTO orders (a) VALUES (?)', 'REPLACE', 'orders'],
  ['UPDATE orders SET total = $1, status = $2 WHERE id = $3', 'UPDATE', 'orders'],
  ['UPDATE LOW_PRIORITY orders SET total = ?', 'UPDATE', 'orders'],
  ['DELETE FROM orders WHERE id = $1', 'DELETE', 'orders'],
  // comments: --, /* */, MySQL #, leading, trailing and inline
  [
    '-- fetch\n/* a block; with FROM secret */ SELECT /* inline */ * FROM users -- trailing FROM other',
    'SELECT',
    'users',
  ],
  ['# mysql comment FROM other\nSELECT * FROM users # trailing', 'SELECT', 'users'],
  ['/*!40101 SET NAMES utf8 */ SELECT * FROM users', 'SELECT', 'users'],
  ['/* unterminated', '_OTHER', undefined],
  ["SELECT data #>> '{a,b}' FROM users", 'SELECT', 'users'],
  ["# it's a MySQL comment\nSELECT * FROM users", 'SELECT', 'users'],
  ['SELECT * FROM users /* PostgreSQL /* nests */ comments */ WHERE x', 'SELECT', 'users'],
  ["SELECT * FROM users WHERE name LIKE 'a%' ESCAPE '\\'", 'SELECT', 'users'],
  ['SELECT*FROM users', 'SELECT', 'users'],
  ['SELECT COUNT(*)FROM users', 'SELECT', 'users'],
  ['select "id" from "users" where "id" = $1 limit $2', 'SELECT', 'users'],
  [
    'select * from information_schema.tables where table_name = ? and table_schema = current_schema()',
    'SELECT',
    'information_schema.tables',
  ],
  // quoted identifiers and schema-qualified names: kept as written, without quotes
  ['SELECT * FROM "Users"', 'SELECT', 'Users'],
  ['SELECT * FROM public.users', 'SELECT', 'public.users'],
  ['SELECT * FROM "public"."users"', 'SELECT', 'public.users'],
  ['SELECT * FROM `shop`.`orders`', 'SELECT', 'shop.orders'],
  ['SELECT * FROM [dbo].[users]', 'SELECT', 'dbo.users'],
  ['SELECT * FROM "we""ird"', 'SELECT', undefined],
  ['SELECT * FROM "song list"', 'SELECT', undefined],
  ['SELECT * FROM `my-table`', 'SELECT', 'my-table'],
  ['SELECT * FROM "café"', 'SELECT', 'café'],
  ['SELECT * FROM `12345`', 'SELECT', undefined],
  ['SELECT * FROM a.b.c.d', 'SELECT', undefined],
  [`SELECT * FROM ${'x'.repeat(65)}`, 'SELECT', undefined],
  // one table only (semconv: a call performed on a single collection)
  ['SELECT * FROM users u JOIN orders o ON o.user_id = u.id', 'SELECT', undefined],
  ['SELECT * FROM users, orders', 'SELECT', undefined],
  ['SELECT * FROM users AS u, orders o WHERE o.user_id = u.id', 'SELECT', undefined],
  ['SELECT * FROM users u WHERE u.id = $1', 'SELECT', 'users'],
  ['SELECT * FROM users WHERE id IN (SELECT user_id FROM orders)', 'SELECT', undefined],
  ['SELECT * FROM users WHERE id IN (SELECT id FROM users WHERE admin)', 'SELECT', 'users'],
  ['SELECT * FROM users WHERE id IN (1, 2, 3) ORDER BY id, name LIMIT 10, 20', 'SELECT', 'users'],
  ['SELECT * FROM (SELECT * FROM users) u', 'SELECT', undefined],
  ['SELECT * FROM generate_series(1, 10) g', 'SELECT', undefined],
  ['SELECT a FROM users UNION SELECT a FROM admins', 'SELECT', undefined],
  ['(SELECT a FROM users) UNION (SELECT b FROM users)', 'SELECT', 'users'],
  [
    "SELECT EXTRACT(YEAR FROM created_at), SUBSTRING(name FROM 1 FOR 2), TRIM(BOTH ' ' FROM x) FROM users",
    'SELECT',
    'users',
  ],
  ['SELECT a IS DISTINCT FROM b FROM users', 'SELECT', 'users'],
  ['SELECT * FROM users WHERE id = $1 FOR UPDATE', 'SELECT', 'users'],
  ['SELECT * FROM users WHERE id = $1 FOR UPDATE OF users SKIP LOCKED', 'SELECT', 'users'],
  ['SELECT * INTO archive FROM users', 'SELECT', undefined],
  ['SELECT id INTO @v FROM users', 'SELECT', 'users'],
  ['INSERT INTO archive SELECT * FROM users', 'INSERT', undefined],
  ['INSERT INTO users (name) SELECT $1 WHERE NOT EXISTS (SELECT 1 FROM users WHERE name = $1)', 'INSERT', 'users'],
  ['INSERT INTO users (id, n) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET n = EXCLUDED.n', 'INSERT', 'users'],
  ['INSERT INTO users (id, n) VALUES ($1, $2) ON CONFLICT ON CONSTRAINT users_pkey DO NOTHING', 'INSERT', 'users'],
  ['INSERT INTO users (id, n) VALUES (?, ?) ON DUPLICATE KEY UPDATE n = VALUES(n)', 'INSERT', 'users'],
  ['UPDATE users SET n = (SELECT max(n) FROM users)', 'UPDATE', 'users'],
  ['UPDATE users SET n = o.n FROM orders o WHERE o.id = users.id', 'UPDATE', undefined],
  ['UPDATE users u JOIN orders o ON o.uid = u.id SET u.n = 1', 'UPDATE', undefined],
  ['DELETE FROM users USING orders WHERE orders.uid = users.id', 'DELETE', undefined],
  ['DELETE u FROM users u JOIN orders o ON o.uid = u.id', 'DELETE', undefined],
  ['MERGE INTO users t USING staged s ON t.id = s.id WHEN MATCHED THEN UPDATE SET n = s.n', 'MERGE', undefined],
  // WITH: the main statement's operation; CTE names are not tables, CTE bodies' tables count
  ['WITH recent AS (SELECT * FROM orders WHERE at > $1) SELECT * FROM recent', 'SELECT', 'orders'],
  ['WITH a AS (SELECT 1), "b" AS (SELECT 2) SELECT * FROM a JOIN "b" ON true', 'SELECT', undefined],
  [
    'WITH RECURSIVE r(n) AS (VALUES (1) UNION ALL SELECT n + 1 FROM r WHERE n < 5) SELECT sum(n) FROM r',
    'SELECT',
    undefined,
  ],
  ['WITH ids AS (SELECT id FROM stale) DELETE FROM users WHERE id IN (SELECT id FROM ids)', 'DELETE', undefined],
  ['WITH moved AS (DELETE FROM users WHERE old RETURNING *) INSERT INTO users SELECT * FROM moved', 'INSERT', 'users'],
  [
    'WITH x AS MATERIALIZED (SELECT * FROM users) UPDATE users SET n = 1 WHERE id IN (SELECT id FROM x)',
    'UPDATE',
    'users',
  ],
  ['(WITH x AS (SELECT 1) SELECT * FROM users)', 'SELECT', 'users'],
  // DDL
  ['CREATE TABLE IF NOT EXISTS users (id int PRIMARY KEY, org int REFERENCES orgs(id))', 'CREATE', 'users'],
  ['CREATE TEMPORARY TABLE scratch (id int)', 'CREATE', 'scratch'],
  ['CREATE TABLE copy AS SELECT * FROM users', 'CREATE', undefined],
  ['CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_name ON ONLY users USING btree (name)', 'CREATE', 'users'],
  ['CREATE INDEX users_name ON users (name)', 'CREATE', 'users'],
  ['CREATE OR REPLACE VIEW active AS SELECT * FROM users WHERE active', 'CREATE', undefined],
  ['CREATE SCHEMA app', 'CREATE', undefined],
  ['CREATE SEQUENCE s', 'CREATE', undefined],
  ['CREATE FUNCTION f() RETURNS int AS $$ SELECT 1 FROM users; SELECT 2; $$ LANGUAGE sql', 'CREATE', undefined],
  ['CREATE DEFINER=`root`@`%` PROCEDURE p() BEGIN SELECT * FROM users; END', 'CREATE', undefined],
  ['DROP TABLE IF EXISTS users CASCADE', 'DROP', 'users'],
  ['DROP TABLE a, b', 'DROP', undefined],
  ['DROP INDEX users_name', 'DROP', undefined],
  ['DROP INDEX users_name ON users', 'DROP', 'users'],
  ['ALTER TABLE users ADD COLUMN age int', 'ALTER', 'users'],
  ['ALTER TABLE IF EXISTS ONLY users RENAME TO people', 'ALTER', 'users'],
  ['ALTER TABLE users ADD CONSTRAINT fk FOREIGN KEY (org) REFERENCES orgs (id)', 'ALTER', 'users'],
  ['TRUNCATE users', 'TRUNCATE', 'users'],
  ['TRUNCATE TABLE ONLY users RESTART IDENTITY', 'TRUNCATE', 'users'],
  ['TRUNCATE a, b', 'TRUNCATE', undefined],
  ['REFRESH MATERIALIZED VIEW CONCURRENTLY totals', 'REFRESH', 'totals'],
  ['RENAME TABLE a TO b', 'RENAME', undefined],
  // transactions and session statements
  ['BEGIN', 'BEGIN', undefined],
  ['begin transaction isolation level serializable', 'BEGIN', undefined],
  ['START TRANSACTION', 'BEGIN', undefined],
  ['START TRANSACTION READ ONLY', 'BEGIN', undefined],
  ['COMMIT', 'COMMIT', undefined],
  ['END', 'COMMIT', undefined],
  ['ROLLBACK', 'ROLLBACK', undefined],
  ['ROLLBACK TO SAVEPOINT sp1', 'ROLLBACK TO SAVEPOINT', undefined],
  ['SAVEPOINT sp1', 'SAVEPOINT', undefined],
  ['RELEASE SAVEPOINT sp1', 'RELEASE SAVEPOINT', undefined],
  ['SET search_path TO app', 'SET', undefined],
  ['SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED', 'SET', undefined],
  ['SHOW COLUMNS FROM users', 'SHOW', undefined],
  ['USE shop', 'USE', undefined],
  ['CALL refresh_totals($1)', 'CALL', undefined],
  ['EXPLAIN ANALYZE SELECT * FROM users', 'EXPLAIN', undefined],
  ['GRANT SELECT ON users TO reporting', 'GRANT', undefined],
  ['LOCK TABLE users IN ACCESS EXCLUSIVE MODE', 'LOCK', 'users'],
  ['LOCK TABLES users READ, orders WRITE', 'LOCK', undefined],
  ['UNLOCK TABLES', 'UNLOCK', undefined],
  ['COPY users (id, name) FROM STDIN WITH (FORMAT csv)', 'COPY', 'users'],
  ['COPY (SELECT * FROM users) TO STDOUT', 'COPY', undefined],
  ['VACUUM FULL users', 'VACUUM', 'users'],
  ["LOAD DATA LOCAL INFILE '/tmp/u.csv' INTO TABLE users", 'LOAD', 'users'],
  ['DO $$ BEGIN PERFORM 1; END $$', 'DO', undefined],
  // multi-statement texts: semconv batch rule
  ['BEGIN; UPDATE users SET n = 1; COMMIT', 'BATCH', undefined],
  ['INSERT INTO users VALUES (1); INSERT INTO users VALUES (2);', 'BATCH INSERT', 'users'],
  ['INSERT INTO users VALUES (1); INSERT INTO orders VALUES (2)', 'BATCH INSERT', undefined],
  ['SELECT * FROM users;', 'SELECT', 'users'],
  [';; SELECT * FROM users ; -- done', 'SELECT', 'users'],
  // literals: strings with semicolons, keywords and quotes; E'' and dollar-quoted strings; numbers
  ["SELECT 'a; DROP TABLE x; SELECT * FROM y' FROM users", 'SELECT', 'users'],
  ["SELECT * FROM users WHERE n = 'it''s FROM other'", 'SELECT', 'users'],
  ["SELECT * FROM users WHERE n = E'it\\'s FROM other'", 'SELECT', 'users'],
  ["SELECT * FROM users WHERE n = 'it\\'s' AND m = ' FROM other '", 'SELECT', 'users'],
  ["UPDATE users SET path = 'C:\\' WHERE n = 'x'", 'UPDATE', 'users'],
  ["SELECT $$ FROM other; $$, $tag$ it's $tag$ FROM users", 'SELECT', 'users'],
  ["SELECT * FROM users WHERE n = N'FROM other' AND b = X'FF' AND c = _utf8'FROM other'", 'SELECT', 'users'],
  ['SELECT * FROM users WHERE a = 1.5e-3 AND b = .5 AND c = 0x1F AND d = $1::int AND e = :name', 'SELECT', 'users'],
  // anything else: a bounded fallback, never the word itself
  ['frobnicate the users', '_OTHER', undefined],
  ['', '_OTHER', undefined],
  ['   -- only a comment', '_OTHER', undefined],
  ["'just a string'", '_OTHER', undefined],
  ['{call my_proc(?)}', '_OTHER', undefined],
];

describe('SQL summarizer', () => {
  describe('operation and collection', () => {
    for (const [sql, operation, collection] of CASES) {
      it(`${JSON.stringify(sql).slice(0, 110)} -> ${operation} ${collection ?? '(no collection)'}`, () => {
        const summary = summarizeSql(sql);
        expect(summary.operation).to.equal(operation);
        expect(summary.collection).to.equal(collection);
      });
    }
  });

  describe('interning', () => {
    it('returns the same object for the same operation and collection, whatever the text', () => {
      const a = summarizeSql('SELECT * FROM users WHERE id = $1');
      const b = summarizeSql('select name from "users" where email = $1');
      const c = summarizeSql('/* other text */ SELECT count(*) FROM users');
      expect(b).to.equal(a);
      expect(c).to.equal(a);
      expect(a.key).to.equal('SELECT\u0000users');
      expect(Object.isFrozen(a)).to.equal(true);
    });

    it('gives distinct pairs distinct objects and keys', () => {
      const pairs = [
        'SELECT * FROM users',
        'SELECT * FROM orders',
        'DELETE FROM users',
        'SELECT 1',
        'BEGIN',
        'COMMIT',
      ].map(summarizeSql);
      expect(new Set(pairs).size).to.equal(pairs.length);
      expect(new Set(pairs.map((s) => s.key)).size).to.equal(pairs.length);
      expect(summarizeSql('SELECT 1').key).to.equal('SELECT');
      expect(summarizeSql('BEGIN')).to.equal(summarizeSql('START TRANSACTION'));
    });

    it('returns the cached object for a repeated text', () => {
      const text = 'SELECT * FROM users WHERE id = $1 AND repeated';
      expect(summarizeSql(text)).to.equal(summarizeSql(text));
    });

    it('caps the distinct (operation, collection) pairs; beyond the cap the collection is dropped', function () {
      this.timeout(20000);
      // In a child process: filling the intern table here would change later results in this process.
      const script = `
        const { summarizeSql, sqlSummaryCollectionCount, SQL_MAX_COLLECTION_SUMMARIES } = require('../build/sql-summary');
        const beyond = [];
        for (let i = 0; i < SQL_MAX_COLLECTION_SUMMARIES + 500; i++) beyond.push(summarizeSql('SELECT * FROM t_' + i).collection);
        process.stdout.write(JSON.stringify({
          count: sqlSummaryCollectionCount(),
          first: beyond[0],
          last: beyond[beyond.length - 1] ?? null,
          again: summarizeSql('SELECT * FROM t_0 WHERE again').collection,
          op: summarizeSql('SELECT * FROM t_99999').operation,
        }));`;
      const out = execFileSync(process.execPath, ['-e', script], {
        cwd: __dirname,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const result = JSON.parse(out);
      expect(result.count).to.equal(SQL_MAX_COLLECTION_SUMMARIES);
      expect(result.first).to.equal('t_0');
      expect(result.last).to.equal(null);
      expect(result.again).to.equal('t_0');
      expect(result.op).to.equal('SELECT');
    });
  });

  describe('literals never reach the output', () => {
    const SECRET = 'Secret_Table_Name';
    const NUMBER = '4111111111111111';
    const templates = [
      `SELECT * FROM users WHERE token = '${SECRET}'`,
      `SELECT * FROM users WHERE token = 'x FROM ${SECRET} y'`,
      `SELECT * FROM users WHERE token = 'a\\' FROM ${SECRET} '`,
      `SELECT * FROM users WHERE token = "a\\" FROM ${SECRET} "`,
      `SELECT * FROM users WHERE token = E'\\' FROM ${SECRET} '`,
      `SELECT * FROM users WHERE token = $$ FROM ${SECRET} $$`,
      `SELECT * FROM users WHERE token = $q$ ' FROM ${SECRET} $q$`,
      `SELECT * FROM users WHERE token = 'it''s'' FROM ${SECRET} '`,
      `SELECT * FROM users WHERE n = ${NUMBER}`,
      `INSERT INTO users VALUES ('${SECRET}', ${NUMBER})`,
      `INSERT INTO users VALUES ('${SECRET}'); INSERT INTO users VALUES ('x FROM ${SECRET}')`,
      `DELETE FROM users WHERE a = 'x\\'; DELETE FROM ${SECRET} '`,
      `UPDATE users SET a = 'C:\\' , b = ' FROM ${SECRET} ' WHERE c = 1`,
      `${SECRET} FROM users`,
      `'${SECRET}'`,
      `SELECT * FROM '${SECRET}'`,
      `SELECT * FROM ${NUMBER}`,
      `SELECT * FROM $1`,
      `SELECT * FROM users -- FROM ${SECRET}`,
      `SELECT * FROM users /* FROM ${SECRET} */`,
      `SELECT * FROM users WHERE a = '${SECRET}`,
      `SELECT * FROM users WHERE a = 'x\\'' FROM ${SECRET} '`,
      `SELECT 1 # 2, 'abc\n FROM ${SECRET}' FROM users`,
      `SELECT * FROM users /* a /* b */ FROM ${SECRET} */`,
      `SELECT * FROM users # FROM ${SECRET}\nWHERE a = 1`,
    ];

    for (const sql of templates) {
      it(JSON.stringify(sql), () => {
        const summary = summarizeSql(sql);
        const out = `${summary.key} ${summary.operation} ${summary.collection}`;
        expect(out).not.to.include(SECRET);
        expect(out).not.to.include(NUMBER);
        expect(out).not.to.include('4111');
      });
    }

    it('random mixes of literal forms around a table never leak (5 000 texts)', () => {
      let seed = 42;
      const random = (n) => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed % n;
      };
      const literals = [
        (s) => `'${s}'`,
        (s) => `'x\\' FROM ${s} '`,
        (s) => `"x\\" FROM ${s} "`,
        (s) => `E'\\' FROM ${s}'`,
        (s) => `$$ FROM ${s} $$`,
        (s) => `'a'' FROM ${s}'`,
        (s) => `N' FROM ${s}'`,
        () => NUMBER,
        () => '$1',
        () => '?',
        (s) => `'C:\\' , ' FROM ${s} '`,
        (s) => `/* FROM ${s} */ 1`,
        (s) => `-- FROM ${s}\n 1`,
        (s) => `'; SELECT * FROM ${s}; '`,
        (s) => `/* /* */ FROM ${s} */ 1`,
        (s) => `1 # 2, '\n FROM ${s}'`,
      ];
      const shapes = [
        (l) => `SELECT * FROM users WHERE a = ${l()} AND b = ${l()}`,
        (l) => `INSERT INTO users (a, b) VALUES (${l()}, ${l()})`,
        (l) => `UPDATE users SET a = ${l()} WHERE b IN (${l()}, ${l()})`,
        (l) => `DELETE FROM users WHERE a = ${l()}; DELETE FROM users WHERE b = ${l()}`,
        (l) => `WITH x AS (SELECT ${l()} AS v) SELECT * FROM x WHERE v = ${l()}`,
      ];
      let kept = 0;
      for (let i = 0; i < 5000; i++) {
        const secret = `Leak${i}x`;
        const sql = shapes[random(shapes.length)](() => literals[random(literals.length)](secret));
        const summary = summarizeSql(sql);
        const out = `${summary.key} ${summary.operation} ${summary.collection}`;
        if (out.includes(secret) || out.includes('4111')) expect.fail(`leaked from ${sql}: ${out}`);
        if (summary.collection !== undefined) expect(summary.collection).to.equal('users');
        if (summary.collection === 'users') kept++;
      }
      // Not vacuous: most texts keep their real table.
      expect(kept).to.be.above(2500);
    });
  });

  describe('bounded cost and memory', () => {
    it('keeps the cache bounded over 10 000 distinct texts', () => {
      for (let i = 0; i < 10000; i++) summarizeSql(`SELECT * FROM users WHERE id = ${i} AND tag = 'bounded'`);
      expect(sqlSummaryCacheSize()).to.be.at.most(SQL_CACHE_MAX_ENTRIES);
      expect(sqlSummaryCacheSize()).to.be.at.least(SQL_CACHE_MAX_ENTRIES / 2);
      expect(summarizeSql("SELECT * FROM users WHERE id = 9999 AND tag = 'bounded'").collection).to.equal('users');
    });

    // Its speed is measured in sql-summary-bench.js, not here: a timed test fails on a loaded machine.
    it('summarizes a 1 MB statement (from its first 16 KB) and does not cache it', () => {
      const rows = [];
      let length = 0;
      for (let i = 0; length < 1024 * 1024; i++) length += rows[rows.push(`('name-${i}', ${i}, 'x;y')`) - 1].length + 2;
      const sql = `INSERT INTO events (name, n, note) VALUES ${rows.join(', ')}`;
      expect(sql.length).to.be.above(1024 * 1024);
      const before = sqlSummaryCacheSize();
      const summary = summarizeSql(sql);
      expect(summary.operation).to.equal('INSERT');
      expect(summary.collection).to.equal('events');
      expect(sqlSummaryCacheSize()).to.equal(before);
    });

    it('does not cache texts longer than the cache limit', () => {
      const sql = `SELECT * FROM users WHERE note = '${'x'.repeat(SQL_CACHE_MAX_TEXT)}'`;
      const before = sqlSummaryCacheSize();
      expect(summarizeSql(sql).collection).to.equal('users');
      expect(sqlSummaryCacheSize()).to.equal(before);
    });

    it('reads only the first SQL_SCAN_LIMIT characters', () => {
      const columns = `SELECT ${'a, '.repeat(SQL_SCAN_LIMIT / 3)}b FROM users`;
      expect(summarizeSql(columns)).to.include({ operation: 'SELECT', collection: undefined });
      const bulk = `INSERT INTO users VALUES ${'(1), '.repeat(SQL_SCAN_LIMIT)}(2)`;
      expect(summarizeSql(bulk)).to.include({ operation: 'INSERT', collection: 'users' });
    });

    it('never reports a table name cut in half at the scan limit', () => {
      for (const cut of [1, 3, 6, 10]) {
        const prefix = 'SELECT * FROM ';
        const sql = `${prefix}${' '.repeat(SQL_SCAN_LIMIT - prefix.length - cut)}users_archive WHERE x = 1`;
        const summary = summarizeSql(sql);
        expect(summary.operation).to.equal('SELECT');
        expect(summary.collection, `cut at ${cut}`).to.equal(undefined);
      }
    });

    it('returns a fallback for a value that is not a string', () => {
      expect(summarizeSql(undefined).operation).to.equal('_OTHER');
      expect(summarizeSql(42).collection).to.equal(undefined);
    });
  });
});
