import pg from 'pg';
import { registerInstrumentations } from '@nodeprom/core';
const c = new pg.Client({ host: '127.0.0.1', user: 'postgres', database: 'test' });
await c.connect();
await c.query('SELECT 1 AS x');
const h = registerInstrumentations();
console.log((await h.scrape()).split('\n').filter(l => l.startsWith('db_') && l.includes('_count')).join('\n'));
await c.end(); await h.shutdown();
