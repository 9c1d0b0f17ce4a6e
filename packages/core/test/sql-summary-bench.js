'use strict';
// Micro benchmark of the SQL summarizer: `node packages/core/test/sql-summary-bench.js` (after a build).
// Not a mocha test (no .test.js suffix). Prints ns per call for cache hits, misses and a 1 MB text,
// and what an LRU-by-reinsertion touch would add to a hit (the eviction policy not chosen).
const { summarizeSql } = require('@nodeprom/core');

const TEXTS = [
  'SELECT * FROM users WHERE id = $1',
  'select `id`, `name`, `email` from `users` where `email` = ? limit ?',
  'INSERT INTO orders (user_id, total, status) VALUES ($1, $2, $3) RETURNING id',
  'UPDATE orders SET status = $1, updated_at = now() WHERE id = $2',
  'DELETE FROM sessions WHERE expires_at < now()',
  'BEGIN',
  'COMMIT',
  'SELECT o.id, o.total, u.name FROM orders o JOIN users u ON u.id = o.user_id WHERE o.status = $1 ORDER BY o.created_at DESC LIMIT 50',
  'WITH recent AS (SELECT * FROM orders WHERE created_at > $1) SELECT count(*) FROM recent',
  'INSERT INTO users (email, name) VALUES ($1, $2) ON CONFLICT (email) DO UPDATE SET name = EXCLUDED.name',
];

function time(label, calls, fn) {
  fn(Math.min(calls, 10000)); // warm-up
  const start = process.hrtime.bigint();
  fn(calls);
  const ns = Number(process.hrtime.bigint() - start) / calls;
  console.log(`${label.padEnd(58)} ${ns.toFixed(1).padStart(9)} ns/call`);
  return ns;
}

let sink = 0;

time('hit (same string objects)', 5_000_000, (n) => {
  for (let i = 0; i < n; i++) sink += summarizeSql(TEXTS[i % TEXTS.length]).key.length;
});

// Equal content, different string objects (a driver building the text per call): hashing once per object.
const copies = [];
for (let i = 0; i < 100_000; i++) copies.push((TEXTS[i % TEXTS.length] + ' ').slice(0, -1));
time('hit (equal text, fresh string objects)', copies.length, (n) => {
  for (let i = 0; i < n; i++) sink += summarizeSql(copies[i % copies.length]).key.length;
});

let serial = 0;
time('miss (distinct ~120-char texts, incl. cache insert/evict)', 200_000, (n) => {
  for (let i = 0; i < n; i++) {
    sink += summarizeSql(
      `SELECT id, name, email FROM users WHERE id = ${serial++} AND status = 'active' ORDER BY name LIMIT 10`,
    ).key.length;
  }
});

time('miss (distinct ~600-char join texts)', 50_000, (n) => {
  const columns = Array.from({ length: 30 }, (_, i) => `o.column_${i}`).join(', ');
  for (let i = 0; i < n; i++) {
    sink += summarizeSql(
      `SELECT ${columns} FROM orders o JOIN users u ON u.id = o.user_id WHERE o.id = ${serial++} /* ${i} */`,
    ).key.length;
  }
});

const rows = [];
let length = 0;
for (let i = 0; length < 1024 * 1024; i++) length += rows[rows.push(`('name-${i}', ${i}, 'x;y')`) - 1].length + 2;
const big = `INSERT INTO events (name, n, note) VALUES ${rows.join(', ')}`;
time(`1 MB INSERT (${big.length} chars, never cached)`, 200, (n) => {
  for (let i = 0; i < n; i++) sink += summarizeSql(big).key.length;
});

// What LRU by re-insertion would cost on every hit, on a Map of the same size.
const map = new Map(TEXTS.map((t) => [t, t.length]));
const getOnly = time('Map.get only (clear-half policy hit)', 5_000_000, (n) => {
  for (let i = 0; i < n; i++) sink += map.get(TEXTS[i % TEXTS.length]);
});
const lru = time('Map.get + delete + set (LRU touch on hit)', 5_000_000, (n) => {
  for (let i = 0; i < n; i++) {
    const key = TEXTS[i % TEXTS.length];
    const v = map.get(key);
    map.delete(key);
    map.set(key, v);
    sink += v;
  }
});
console.log(`LRU touch adds ${(lru - getOnly).toFixed(1)} ns per hit`);
if (sink === 42) console.log('');
