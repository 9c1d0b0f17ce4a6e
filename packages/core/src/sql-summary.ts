import type { DbOperationSummary } from './db-client-recorder';
import { log } from './log';
import { OTHER } from './sql/keywords';
import { scanner } from './sql/parser';

/*
 * The SQL summarizer: `db.operation.name` and `db.collection.name` from a statement's text.
 *
 * Why a hand-written scanner: this runs on every query of a pg or mysql2 app. A real SQL parser
 * builds a syntax tree (tens of microseconds and kilobytes per statement, dialect-specific, and a
 * large dependency); no maintained library only lexes far enough to name an operation and its one
 * table. One pass over the characters, with native indexOf for the long runs (strings, comments), is
 * enough, and the result is cached per text, so the scan happens once per distinct statement.
 *
 * Semantics (OpenTelemetry database conventions, `db.collection.name` and `db.operation.name`):
 * - operation: the statement's first keyword, upper-cased, from a fixed allow-list; anything else is
 *   `_OTHER`. `WITH ...` takes the main statement's keyword. `START TRANSACTION` is reported as
 *   `BEGIN` and `END` as `COMMIT` (one series per transaction verb whatever the dialect). Upper-casing
 *   deviates from "as provided" on purpose: knex writes `select`, hand-written SQL `SELECT`.
 * - collection: set only when the whole statement reads or writes exactly ONE table, counting tables
 *   in subqueries, CTE bodies, joins, comma lists, `USING`, `INSERT ... SELECT`; CTE names are not
 *   tables. A derived table or table function (`FROM (SELECT ...)`, `FROM unnest(...)`) leaves it
 *   unset, as do statements that are not about a table (GRANT, SHOW, CALL, EXPLAIN, ...). The name is
 *   kept as written, `schema.table`, without its quotes, and must be an identifier: parts of 1..64
 *   letters, digits, `_`, `$`, `-` starting with a letter or `_`, at most 3 parts, 128 characters.
 * - several statements in one text (`a; b`) are a batch: `BATCH <op>` when all operations are the
 *   same, else `BATCH`; the collection when all statements have the same one.
 * - only the first SQL_SCAN_LIMIT characters are read; a longer text is summarized from that prefix
 *   (a table named after it is missed, a `;` after it unseen; a name cut by the limit is dropped).
 *
 * The conventions' SQL page says these two attributes SHOULD NOT be parsed from query text (it puts
 * the parsed form in `db.query.summary`); nodeprom parses them anyway, conservatively, because a
 * Prometheus label per table is what its users group by, and the one-table rule above is the
 * conventions' own condition for `db.collection.name`.
 * - no literal ever reaches the output: the operation comes from the allow-list; the collection is
 *   an identifier in a table position. MySQL and PostgreSQL lex a few things differently (a backslash
 *   in '...' or "...", `#`, a `/*` inside a block comment); when a text holds one, it is scanned both
 *   ways and the collection is kept only when both readings agree, or when only one of them lexes
 *   cleanly into known statements (a wrong reading ends inside a string or starts a statement with a
 *   non-keyword). Otherwise the collection is left out.
 *
 * This file keeps the public API, the limits, interning and the per-text cache; the lexer, the
 * keyword tables and the statement parser are in ./sql/ (lexer.ts, keywords.ts, parser.ts).
 */

/** How much of a statement is read. Longer texts (bulk inserts) are summarized from this prefix. */
export const SQL_SCAN_LIMIT = 16 * 1024;
/** Texts longer than this are summarized but not cached, so the cache holds no huge keys. */
export const SQL_CACHE_MAX_TEXT = 8 * 1024;
/** Entries kept in the per-text cache; when exceeded, the older half is dropped. */
export const SQL_CACHE_MAX_ENTRIES = 5000;
/** Total characters of cached texts; when exceeded, older entries are dropped down to half. */
export const SQL_CACHE_MAX_CHARS = 2 * 1024 * 1024;
/** Distinct (operation, collection) pairs; beyond it a new pair is reported without its collection. */
export const SQL_MAX_COLLECTION_SUMMARIES = 2000;

// ---------------------------------------------------------------------------------------------
// Interning: one frozen object per (operation, collection), so the recorder's cache by `key` and
// identity comparisons both work. Operations come from the fixed allow-list (plus `BATCH ` forms),
// so summaries without a collection are bounded by construction; pairs with one are capped.

/** Operation -> summary without a collection, and collection -> summary. */
const interned = new Map<string, { bare: DbOperationSummary; byCollection: Map<string, DbOperationSummary> }>();
let collectionSummaries = 0;

function intern(operation: string, collection: string | undefined): DbOperationSummary {
  let entry = interned.get(operation);
  if (entry === undefined) {
    entry = { bare: Object.freeze({ key: operation, operation, collection: undefined }), byCollection: new Map() };
    interned.set(operation, entry);
  }
  if (collection === undefined) return entry.bare;
  let summary = entry.byCollection.get(collection);
  if (summary === undefined) {
    if (collectionSummaries >= SQL_MAX_COLLECTION_SUMMARIES) {
      log.warnOnce(
        'sql-summary-collections',
        `more than ${SQL_MAX_COLLECTION_SUMMARIES} distinct SQL operation and table pairs; new ones are recorded without db.collection.name.`,
      );
      return entry.bare;
    }
    collectionSummaries++;
    summary = Object.freeze({ key: `${operation}\u0000${collection}`, operation, collection });
    entry.byCollection.set(collection, summary);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Cache per text, one per dialect (the same text can read differently). Clearing the older half
// when full costs O(1) amortized and nothing on a hit (an LRU by re-insertion would pay a delete
// and a set on every hit); a hot text evicted by churn is summarized again once.

/**
 * Which SQL a layer speaks: `postgresql` (pg), `mysql` (mysql2, for MySQL and MariaDB: backslash
 * escapes, `#` comments, no `$tag$` strings, flat block comments), or `any` (read both ways, see above).
 */
export type SqlDialect = 'postgresql' | 'mysql' | 'any';

class Summarizer {
  private readonly cache = new Map<string, DbOperationSummary>();
  private cachedChars = 0;
  // Starts as a value no caller passes, so the first call always misses.
  private lastText: string | symbol = Symbol('none');
  private lastSummary: DbOperationSummary = intern(OTHER, undefined);

  constructor(private readonly dialect: SqlDialect) {}

  /** The operation and single target table of a SQL text, interned (same pair, same object). */
  summarize(sql: string): DbOperationSummary {
    // The previous text first: a loop or a pool of workers repeats one statement, and comparing
    // with the last text is cheaper than hashing into the Map.
    if (sql === this.lastText) return this.lastSummary;
    const cached = this.cache.get(sql);
    const summary = cached !== undefined ? cached : this.miss(sql);
    if (typeof sql === 'string' && sql.length <= SQL_CACHE_MAX_TEXT) {
      this.lastText = sql;
      this.lastSummary = summary;
    }
    return summary;
  }

  get size(): number {
    return this.cache.size;
  }

  private miss(sql: string): DbOperationSummary {
    if (typeof sql !== 'string') return intern(OTHER, undefined);
    let summary: DbOperationSummary;
    try {
      summary = summarizeText(sql, this.dialect);
    } catch (error) {
      log.errorOnce('sql-summary', error);
      summary = intern(OTHER, undefined);
    }
    this.remember(sql, summary);
    return summary;
  }

  private remember(sql: string, summary: DbOperationSummary): void {
    if (sql.length > SQL_CACHE_MAX_TEXT) return;
    const cache = this.cache;
    cache.set(sql, summary);
    this.cachedChars += sql.length;
    if (cache.size > SQL_CACHE_MAX_ENTRIES || this.cachedChars > SQL_CACHE_MAX_CHARS) {
      for (const text of cache.keys()) {
        if (cache.size <= SQL_CACHE_MAX_ENTRIES / 2 && this.cachedChars <= SQL_CACHE_MAX_CHARS / 2) break;
        cache.delete(text);
        this.cachedChars -= text.length;
      }
    }
  }
}

const summarizers: Record<SqlDialect, Summarizer> = {
  postgresql: new Summarizer('postgresql'),
  mysql: new Summarizer('mysql'),
  any: new Summarizer('any'),
};

/**
 * The summarizing function of one dialect, with its own cache. A layer takes it once, at load:
 * the function it returns is a plain closure, cheap to call per query.
 */
export function sqlSummarizer(dialect: SqlDialect): (sql: string) => DbOperationSummary {
  const summarizer = summarizers[dialect];
  return (sql) => summarizer.summarize(sql);
}

/** The operation and single target table of a SQL text of unknown dialect (read both ways). */
export function summarizeSql(sql: string): DbOperationSummary {
  return summarizers.any.summarize(sql);
}

/** Entries in the per-text caches (for tests). */
export function sqlSummaryCacheSize(): number {
  return summarizers.postgresql.size + summarizers.mysql.size + summarizers.any.size;
}

/** Interned summaries that carry a collection (for tests). */
export function sqlSummaryCollectionCount(): number {
  return collectionSummaries;
}

function summarizeText(sql: string, dialect: SqlDialect): DbOperationSummary {
  const text = sql.length > SQL_SCAN_LIMIT ? sql.slice(0, SQL_SCAN_LIMIT) : sql;
  const truncated = text.length < sql.length;
  if (dialect !== 'any') {
    // The layer knows its dialect: one reading, no ambiguity.
    scanner.scan(text, truncated, false, dialect === 'mysql');
    return intern(scanner.operation, scanner.collection);
  }
  scanner.scan(text, truncated, true);
  if (!scanner.lex.ambiguous) return intern(scanner.operation, scanner.collection);
  const { operation, collection, plausible } = scanner;
  scanner.scan(text, truncated, false);
  if (operation === scanner.operation && collection === scanner.collection) return intern(operation, collection);
  // The readings differ: keep the one that lexes cleanly into known statements, if only one does.
  if (plausible && !scanner.plausible) return intern(operation, collection);
  if (!plausible && scanner.plausible) return intern(scanner.operation, scanner.collection);
  return intern(operation === scanner.operation ? operation : OTHER, undefined);
}
