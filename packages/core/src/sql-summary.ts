import type { DbOperationSummary } from './db-client-recorder';
import { log } from './log';

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

const OTHER = '_OTHER';
const BATCH = 'BATCH';

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
      log.warnOnce('sql-summary-collections', `more than ${SQL_MAX_COLLECTION_SUMMARIES} distinct SQL operation and table pairs; new ones are recorded without db.collection.name.`);
      return entry.bare;
    }
    collectionSummaries++;
    summary = Object.freeze({ key: `${operation}\u0000${collection}`, operation, collection });
    entry.byCollection.set(collection, summary);
  }
  return summary;
}

// ---------------------------------------------------------------------------------------------
// Cache per text. Clearing the older half when full costs O(1) amortized and nothing on a hit
// (an LRU by re-insertion would pay a delete and a set on every hit); a hot text evicted by churn
// is summarized again once.

const cache = new Map<string, DbOperationSummary>();
let cachedChars = 0;

function remember(sql: string, summary: DbOperationSummary): void {
  if (sql.length > SQL_CACHE_MAX_TEXT) return;
  cache.set(sql, summary);
  cachedChars += sql.length;
  if (cache.size > SQL_CACHE_MAX_ENTRIES || cachedChars > SQL_CACHE_MAX_CHARS) {
    for (const text of cache.keys()) {
      if (cache.size <= SQL_CACHE_MAX_ENTRIES / 2 && cachedChars <= SQL_CACHE_MAX_CHARS / 2) break;
      cache.delete(text);
      cachedChars -= text.length;
    }
  }
}

/** The operation and single target table of a SQL text, interned (same pair, same object). */
export function summarizeSql(sql: string): DbOperationSummary {
  const cached = cache.get(sql);
  if (cached !== undefined) return cached;
  return summarizeMiss(sql);
}

function summarizeMiss(sql: string): DbOperationSummary {
  if (typeof sql !== 'string') return intern(OTHER, undefined);
  let summary: DbOperationSummary;
  try {
    summary = summarizeText(sql);
  } catch (error) {
    log.errorOnce('sql-summary', error);
    summary = intern(OTHER, undefined);
  }
  remember(sql, summary);
  return summary;
}

/** Entries in the per-text cache (for tests). */
export function sqlSummaryCacheSize(): number {
  return cache.size;
}

/** Interned summaries that carry a collection (for tests). */
export function sqlSummaryCollectionCount(): number {
  return collectionSummaries;
}

function summarizeText(sql: string): DbOperationSummary {
  const text = sql.length > SQL_SCAN_LIMIT ? sql.slice(0, SQL_SCAN_LIMIT) : sql;
  const truncated = text.length < sql.length;
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

// ---------------------------------------------------------------------------------------------
// Lexer

const T_EOF = 0;
const T_WORD = 1;
const T_QUOTED = 2; // "identifier" or `identifier`; value holds the content
const T_STRING = 3;
const T_NUMBER = 4;
const T_LPAREN = 5;
const T_RPAREN = 6;
const T_COMMA = 7;
const T_SEMI = 8;
const T_OTHER = 9; // operators, placeholders, `[`; `code` holds the first character

const C_SPACE = 32, C_DQUOTE = 34, C_HASH = 35, C_DOLLAR = 36, C_QUOTE = 39;
const C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_COMMA = 44, C_MINUS = 45, C_DOT = 46, C_SLASH = 47;
const C_0 = 48, C_9 = 57, C_COLON = 58, C_SEMI = 59, C_GT = 62, C_AT = 64, C_LBRACKET = 91;
const C_BACKSLASH = 92, C_UNDERSCORE = 95, C_BACKTICK = 96;

const STRING_PREFIXES = 'EeNnXxBb';

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C_UNDERSCORE || c >= 128;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= C_0 && c <= C_9) || c === C_DOLLAR;
}

class Lexer {
  pos = 0;
  type = T_EOF;
  start = 0;
  end = 0;
  value = '';
  code = 0;
  /** The scan stopped at the cut-off of a longer text. */
  cut = false;
  /** A string, comment or quoted name never closed. */
  unterminated = false;
  /** The text holds something MySQL and PostgreSQL read differently: `\` in a string, `#`, nested comments. */
  ambiguous = false;

  private s = '';
  private truncated = false;
  /** MySQL reading: backslash escapes in '...' and "...", `#` comments, flat block comments; else PostgreSQL's. */
  private backslashEscapes = false;

  reset(s: string, truncated: boolean, backslashEscapes: boolean): void {
    this.s = s;
    this.truncated = truncated;
    this.backslashEscapes = backslashEscapes;
    this.pos = 0;
    this.type = T_EOF;
    this.cut = false;
    this.unterminated = false;
    this.ambiguous = false;
  }

  private eof(): void {
    this.type = T_EOF;
    this.pos = this.s.length;
    if (this.truncated) this.cut = true;
    else this.unterminated = true;
  }

  /** Closing quote of a string or quoted name opened at `open`, -1 if none. */
  private closing(open: number, quote: number, backslash: boolean): number {
    const s = this.s;
    const q = quote === C_QUOTE ? "'" : quote === C_DQUOTE ? '"' : '`';
    let i = open + 1;
    for (;;) {
      const at = s.indexOf(q, i);
      if (at < 0) return -1;
      if (backslash) {
        let slashes = 0;
        for (let j = at - 1; j > open && s.charCodeAt(j) === C_BACKSLASH; j--) slashes++;
        if (slashes % 2 === 1) { i = at + 1; continue; }
      }
      if (s.charCodeAt(at + 1) === quote) { i = at + 2; continue; }
      return at;
    }
  }

  /**
   * End of the block comment opened at `open`, -1 if none. PostgreSQL nests block comments, MySQL
   * does not: a comment holding `/*` is read both ways.
   */
  private commentEnd(open: number): number {
    const s = this.s;
    let close = s.indexOf('*/', open + 2);
    if (close < 0) return -1;
    let inner = s.indexOf('/*', open + 2);
    if (inner < 0 || inner > close) return close + 2;
    this.ambiguous = true;
    if (this.backslashEscapes) return close + 2;
    let depth = 1;
    for (;;) {
      if (inner >= 0 && inner < close) { depth++; inner = s.indexOf('/*', inner + 2); continue; }
      if (--depth === 0) return close + 2;
      const from = close + 2;
      close = s.indexOf('*/', from);
      if (close < 0) return -1;
      if (inner >= 0 && inner < from) inner = s.indexOf('/*', from);
    }
  }

  private hasBackslash(open: number, close: number): boolean {
    for (let i = open + 1; i < close; i++) if (this.s.charCodeAt(i) === C_BACKSLASH) return true;
    return false;
  }

  /** A '...' string opened at `open`. `escapes`: E'...' strings always take backslash escapes. */
  private string(open: number, escapes: boolean): void {
    const close = this.closing(open, C_QUOTE, escapes || this.backslashEscapes);
    if (close < 0) return this.eof();
    if (!escapes && !this.ambiguous && this.hasBackslash(open, close)) this.ambiguous = true;
    this.type = T_STRING;
    this.pos = close + 1;
  }

  next(): void {
    const s = this.s;
    const len = s.length;
    let i = this.pos;
    let c = 0;
    for (;;) {
      if (i >= len) { this.pos = len; this.type = T_EOF; if (this.truncated) this.cut = true; return; }
      c = s.charCodeAt(i);
      if (c <= C_SPACE || c === 0xa0 || c === 0xfeff) { i++; continue; }
      const d = s.charCodeAt(i + 1);
      if (c === C_HASH) {
        // A comment in MySQL, an operator in PostgreSQL: the text is read both ways. `#>`, `#>>` and
        // `#-` (PostgreSQL's JSON operators) are not taken for comments in either reading.
        if (d !== C_GT && d !== C_MINUS) this.ambiguous = true;
        if (this.backslashEscapes && d !== C_GT && d !== C_MINUS) {
          const nl = s.indexOf('\n', i);
          i = nl < 0 ? len : nl + 1;
          continue;
        }
      }
      if (c === C_MINUS && d === C_MINUS) {
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? len : nl + 1;
        continue;
      }
      if (c === C_SLASH && d === C_STAR) {
        const close = this.commentEnd(i);
        if (close < 0) { this.pos = len; return this.eof(); }
        i = close;
        continue;
      }
      break;
    }
    this.start = i;
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < len && isWordPart(s.charCodeAt(j))) j++;
      if (j >= len && this.truncated) { this.pos = len; this.cut = true; this.type = T_EOF; return; }
      if (s.charCodeAt(j) === C_QUOTE && (c === C_UNDERSCORE || (j === i + 1 && STRING_PREFIXES.includes(s[i])))) {
        // A prefixed string: E'...', N'...', X'...', B'...', _utf8'...'.
        return this.string(j, c === 69 || c === 101);
      }
      this.type = T_WORD;
      this.end = j;
      this.pos = j;
      return;
    }
    if (c === C_QUOTE) return this.string(i, false);
    if (c === C_DQUOTE || c === C_BACKTICK) {
      const backslash = c === C_DQUOTE && this.backslashEscapes;
      const close = this.closing(i, c, backslash);
      if (close < 0) return this.eof();
      if (c === C_DQUOTE && !this.ambiguous && this.hasBackslash(i, close)) this.ambiguous = true;
      this.type = T_QUOTED;
      const q = String.fromCharCode(c);
      this.value = s.slice(i + 1, close).split(q + q).join(q);
      this.pos = close + 1;
      return;
    }
    if (c >= C_0 && c <= C_9 || (c === C_DOT && s.charCodeAt(i + 1) >= C_0 && s.charCodeAt(i + 1) <= C_9)) {
      let j = i + 1;
      while (j < len) {
        const k = s.charCodeAt(j);
        if (isWordPart(k) || k === C_DOT) j++;
        else break;
      }
      this.type = T_NUMBER;
      this.pos = j;
      return;
    }
    this.pos = i + 1;
    this.code = c;
    switch (c) {
      case C_LPAREN: this.type = T_LPAREN; return;
      case C_RPAREN: this.type = T_RPAREN; return;
      case C_COMMA: this.type = T_COMMA; return;
      case C_SEMI: this.type = T_SEMI; return;
      case C_DOLLAR: return this.dollar(i);
      case C_AT:
      case C_COLON: {
        // @variable, @@system_variable, :named placeholder: one token, never a word.
        let j = i + 1;
        while (j < len && (isWordPart(s.charCodeAt(j)) || s.charCodeAt(j) === C_AT || s.charCodeAt(j) === C_COLON)) j++;
        this.pos = j;
        this.type = T_OTHER;
        return;
      }
      default: this.type = T_OTHER;
    }
  }

  /** `$1` placeholder, `$tag$...$tag$` / `$$...$$` string, or a lone `$`. */
  private dollar(i: number): void {
    const s = this.s;
    let j = i + 1;
    const first = s.charCodeAt(j);
    this.type = T_OTHER;
    if (first >= C_0 && first <= C_9) {
      while (j < s.length && s.charCodeAt(j) >= C_0 && s.charCodeAt(j) <= C_9) j++;
      this.pos = j;
      return;
    }
    if (first !== C_DOLLAR) {
      if (!isWordStart(first)) return;
      while (j < s.length && isWordPart(s.charCodeAt(j)) && s.charCodeAt(j) !== C_DOLLAR) j++;
      if (s.charCodeAt(j) !== C_DOLLAR) return;
    }
    const tag = s.slice(i, j + 1);
    const close = s.indexOf(tag, j + 1);
    if (close < 0) return this.eof();
    this.type = T_STRING;
    this.pos = close + tag.length;
  }

  /** After a `[` token: the bracketed name (SQL Server style), or undefined. */
  bracket(): string | undefined {
    const close = this.s.indexOf(']', this.pos);
    if (close < 0) { this.eof(); return undefined; }
    const value = this.s.slice(this.pos, close);
    this.pos = close + 1;
    return value;
  }

  /** Moves past a `.` directly after the current token; true if there was one. */
  dot(): boolean {
    if (this.s.charCodeAt(this.pos) !== C_DOT) return false;
    this.pos++;
    return true;
  }

  word(): string {
    return this.s.slice(this.start, this.end);
  }

  /** The current word as one of KEYWORDS (upper case, no allocation), or ''. */
  keyword(): string {
    const s = this.s;
    const start = this.start;
    const length = this.end - start;
    if (length < 2 || length > MAX_KEYWORD_LENGTH) return '';
    const bucket = KEYWORD_BUCKETS.get(keywordBucket(length, s.charCodeAt(start) & FOLD, s.charCodeAt(this.end - 1) & FOLD));
    if (bucket === undefined) return '';
    candidates: for (const keyword of bucket) {
      for (let i = 1; i < length - 1; i++) if ((s.charCodeAt(start + i) & FOLD) !== keyword.charCodeAt(i)) continue candidates;
      return keyword;
    }
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Keywords

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(' '));
}

/** First keyword -> reported operation. Upper-case keys; anything else is `_OTHER`. */
const OPERATIONS: ReadonlyMap<string, string> = new Map([
  ...'SELECT INSERT UPDATE DELETE MERGE REPLACE UPSERT VALUES CREATE ALTER DROP TRUNCATE RENAME COMMENT GRANT REVOKE BEGIN COMMIT ROLLBACK SAVEPOINT SET RESET SHOW USE CALL EXECUTE PREPARE DEALLOCATE DECLARE FETCH MOVE CLOSE EXPLAIN DESCRIBE LISTEN NOTIFY UNLISTEN DO COPY LOCK UNLOCK LOAD ANALYZE VACUUM OPTIMIZE REINDEX CLUSTER REFRESH CHECKPOINT DISCARD FLUSH KILL'
    .split(' ').map((word): [string, string] => [word, word]),
  ['TABLE', 'SELECT'],
  ['END', 'COMMIT'],
  ['ABORT', 'ROLLBACK'],
  ['RELEASE', 'RELEASE SAVEPOINT'],
  ['EXEC', 'EXECUTE'],
  ['DESC', 'DESCRIBE'],
  ['START', OTHER], // `START TRANSACTION` becomes BEGIN below
]);

/** Operations whose statement can name a table. */
const TABLE_OPERATIONS = set('SELECT INSERT UPDATE DELETE MERGE REPLACE UPSERT VALUES TABLE CREATE ALTER DROP TRUNCATE COPY LOCK LOAD ANALYZE VACUUM OPTIMIZE REFRESH WITH');
/** Operations followed directly by their table (after SKIP words). */
const DIRECT_TARGET = set('INSERT UPDATE DELETE REPLACE UPSERT TABLE TRUNCATE COPY LOCK ANALYZE VACUUM OPTIMIZE');
/** Operations introduced by an object type (`CREATE TABLE`, `DROP INDEX`, ...). */
const DDL = set('CREATE ALTER DROP REFRESH');
/** Keywords that open a query inside parentheses. */
const QUERY_START = set('SELECT WITH VALUES INSERT UPDATE DELETE MERGE TABLE');
/** Words between a table keyword and the name. */
const SKIP = set('INTO FROM IGNORE LOW_PRIORITY DELAYED HIGH_PRIORITY QUICK ONLY TABLE TABLES IF NOT EXISTS TEMP TEMPORARY UNLOGGED FULL FREEZE VERBOSE ANALYZE NO_WRITE_TO_BINLOG LOCAL CONCURRENTLY MATERIALIZED LATERAL');
/** Words in a table position that are not tables: the table position is left empty. */
const NOT_TABLE = set('DUAL STDIN STDOUT OUTFILE DUMPFILE SELECT VALUES VALUE SET DEFAULT WHERE WITH ON USING AS PARTITION');
/** DDL object types holding a body that may contain `;`: scanning stops there. */
const ROUTINES = set('FUNCTION PROCEDURE TRIGGER EVENT PACKAGE RULE');
/** DDL object types that are not tables. */
const NON_TABLE_OBJECTS = set('SCHEMA DATABASE SEQUENCE TYPE EXTENSION USER ROLE GROUP DOMAIN COLLATION POLICY PUBLICATION SUBSCRIPTION SERVER TABLESPACE AGGREGATE OPERATOR CAST CONVERSION LANGUAGE STATISTICS OWNED SYSTEM LOGFILE INSTANCE PROFILE SYNONYM TEXT ACCESS DEFAULT');
/** Words of a WITH prelude that are not CTE names. */
const WITH_WORDS = set('RECURSIVE AS NOT MATERIALIZED SEARCH CYCLE DEPTH BREADTH FIRST BY SET TO DEFAULT USING');

/** Every word the parser compares against, recognized without allocating (Lexer.keyword). */
const KEYWORDS: readonly string[] = [...new Set([
  ...OPERATIONS.keys(), ...TABLE_OPERATIONS, ...DIRECT_TARGET, ...DDL, ...QUERY_START, ...SKIP, ...NOT_TABLE,
  ...ROUTINES, ...NON_TABLE_OBJECTS, ...WITH_WORDS,
  ...'AS DISTINCT TRANSACTION TO FROM JOIN STRAIGHT_JOIN INTO USING ON TABLE VIEW INDEX WITH'.split(' '),
])];
/** Clears the lower-case bit of ASCII letters; leaves `_` and keeps other characters off letters. */
const FOLD = 0xdf;
const MAX_KEYWORD_LENGTH = Math.max(...KEYWORDS.map((k) => k.length));

function keywordBucket(length: number, first: number, last: number): number {
  return first < 128 && last < 128 ? length * 16384 + first * 128 + last : -1;
}

const KEYWORD_BUCKETS = new Map<number, string[]>();
for (const keyword of KEYWORDS) {
  const bucket = keywordBucket(keyword.length, keyword.charCodeAt(0), keyword.charCodeAt(keyword.length - 1));
  const list = KEYWORD_BUCKETS.get(bucket);
  if (list === undefined) KEYWORD_BUCKETS.set(bucket, [keyword]);
  else list.push(keyword);
}


// ---------------------------------------------------------------------------------------------
// Parser: one reusable instance (summarizing is synchronous), so a miss allocates little more than
// the words it keeps.

const F_UNKNOWN = 0;
const F_QUERY = 1;
const F_EXPR = 2;

const E_NONE = 0;
const E_TABLE = 1; // a table follows
const E_FROM = 2; // a table follows, or a table function / derived table

/** A collection name part: an identifier, not a literal. */
const NAME_PART = /^[\p{L}_][\p{L}\p{M}\p{N}_$-]{0,63}$/u;
const SIMPLE_PART = /^[A-Za-z_][A-Za-z0-9_$]{0,63}$/;
const MAX_NAME_LENGTH = 128;

function validPart(part: string): boolean {
  return SIMPLE_PART.test(part) || NAME_PART.test(part);
}

class Scanner {
  readonly lex = new Lexer();

  // Result of the last scan.
  operation = OTHER;
  collection: string | undefined = undefined;
  /**
   * Lexed to the end without a cut, an open string or unbalanced parentheses, and every statement
   * starts with a known keyword.
   */
  plausible = true;

  // Batch state.
  private statements = 0;
  private batchOperation = OTHER;
  private sameOperation = true;
  private batchCollection: string | undefined = undefined;
  private sameCollection = true;
  private unbalanced = false;
  private sawOther = false;

  // Statement state.
  private op: string | undefined = undefined;
  /** Only `(` seen so far. */
  private leading = true;
  /** Depth of the query level whose first keyword (after a WITH prelude) is the operation; -1 none. */
  private opDepth = -1;
  private noCollection = false;
  private poisoned = false;
  private multiple = false;
  private table: string | undefined = undefined;
  private readonly ctes: string[] = [];
  /** Per parenthesis depth: F_* kind, and whether inside `WITH name AS (...), ...` before the main keyword. */
  private readonly kinds: number[] = [F_QUERY];
  private readonly preludes: boolean[] = [false];
  private depth = 0;
  private expect = E_NONE;
  /** A FROM-position name waiting for the next token: `(` makes it a function call. */
  private pending: string | undefined = undefined;
  /** Table list after a name: 1 after a table, 2 after AS, 3 after an alias; 0 none. */
  private listStage = 0;
  private listDepth = 0;
  private listExpect = E_NONE;
  private ddl = false;
  private ddlWords = 0;
  private awaitOn = false;
  private startPending = false;
  private previous = '';

  private resetStatement(): void {
    this.op = undefined;
    this.leading = true;
    this.opDepth = -1;
    this.noCollection = false;
    this.poisoned = false;
    this.multiple = false;
    this.table = undefined;
    if (this.ctes.length !== 0) this.ctes.length = 0;
    this.kinds[0] = F_QUERY;
    this.preludes[0] = false;
    this.depth = 0;
    this.expect = E_NONE;
    this.pending = undefined;
    this.listStage = 0;
    this.ddl = false;
    this.ddlWords = 0;
    this.awaitOn = false;
    this.startPending = false;
    this.previous = '';
  }

  private commit(name: string | undefined): void {
    if (name === undefined) { this.poisoned = true; return; }
    if (this.ctes.length !== 0 && this.ctes.includes(name)) return;
    if (this.table === undefined) this.table = name;
    else if (this.table !== name) this.multiple = true;
  }

  private finishStatement(): void {
    if (this.pending !== undefined) { this.commit(this.pending); this.pending = undefined; }
    const op = this.op;
    if (op === undefined) return;
    if (op === OTHER) this.sawOther = true;
    const collection = this.noCollection || this.poisoned || this.multiple ? undefined : this.table;
    if (this.statements === 0) { this.batchOperation = op; this.batchCollection = collection; }
    else {
      if (op !== this.batchOperation) this.sameOperation = false;
      if (collection !== this.batchCollection) this.sameCollection = false;
    }
    this.statements++;
  }

  private expectTable(kind: number): void {
    this.expect = kind;
    this.listStage = 0;
  }

  /** The first keyword of a query level: the statement's operation when it is the statement's level. */
  private queryStart(word: string): void {
    if (this.opDepth < 0 && (this.depth === 0 || this.leading)) this.opDepth = this.depth;
    this.leading = false;
    if (word === 'WITH') { this.preludes[this.depth] = true; return; }
    if (this.op === undefined && this.depth === this.opDepth) {
      this.op = OPERATIONS.get(word) ?? OTHER;
      if (word === 'START') this.startPending = true;
      if (!TABLE_OPERATIONS.has(word)) this.noCollection = true;
      if (DDL.has(word)) this.ddl = true;
    }
    if (!this.noCollection && DIRECT_TARGET.has(word)) this.expectTable(E_TABLE);
  }

  /** A possibly qualified name starting at the current token (a word, quoted name or `[`). */
  private readName(): string | undefined {
    const lex = this.lex;
    let name: string | undefined;
    for (let parts = 1; ; parts++) {
      let part: string | undefined;
      if (lex.type === T_WORD) part = lex.word();
      else if (lex.type === T_QUOTED) part = lex.value;
      else if (lex.type === T_OTHER && lex.code === C_LBRACKET) part = lex.bracket();
      if (part === undefined || !validPart(part)) return undefined;
      name = name === undefined ? part : `${name}.${part}`;
      if (!lex.dot()) break;
      if (parts === 3) return undefined;
      lex.next();
    }
    return name.length <= MAX_NAME_LENGTH ? name : undefined;
  }

  scan(text: string, truncated: boolean, backslashEscapes: boolean): void {
    const lex = this.lex;
    lex.reset(text, truncated, backslashEscapes);
    this.statements = 0;
    this.sameOperation = true;
    this.sameCollection = true;
    this.batchCollection = undefined;
    this.unbalanced = false;
    this.sawOther = false;
    this.resetStatement();
    let stopped = false;

    for (;;) {
      lex.next();
      const type = lex.type;
      if (type === T_EOF) break;
      const depth = this.depth;
      if (type === T_SEMI && depth === 0) {
        this.finishStatement();
        this.resetStatement();
        continue;
      }
      const word = type === T_WORD ? lex.keyword() : '';

      if (this.pending !== undefined) {
        if (type === T_LPAREN) this.poisoned = true; // a table function: no collection
        else this.commit(this.pending);
        this.pending = undefined;
      }

      // The table list after a name: `FROM a x, b` names b too.
      if (this.listStage !== 0) {
        if (depth !== this.listDepth) { if (depth < this.listDepth) this.listStage = 0; }
        else if (type === T_COMMA && this.listStage !== 2) { this.listStage = 0; this.expect = this.listExpect; continue; }
        else if (type === T_WORD && word === 'AS' && this.listStage === 1) { this.listStage = 2; continue; }
        else if ((type === T_WORD || type === T_QUOTED) && this.listStage !== 3) this.listStage = 3;
        else this.listStage = 0;
      }

      if (this.expect !== E_NONE) {
        const kind = this.expect;
        if (type === T_WORD && SKIP.has(word)) continue;
        this.expect = E_NONE;
        if (type === T_WORD && NOT_TABLE.has(word)) {
          // not a table position after all (`FROM DUAL`, `INTO OUTFILE`): carry on with the word
        } else if (type === T_WORD || type === T_QUOTED || (type === T_OTHER && lex.code === C_LBRACKET)) {
          const name = this.readName();
          if (lex.type === T_EOF) break; // cut inside the name
          if (kind === E_FROM && name !== undefined) this.pending = name;
          else this.commit(name);
          this.listStage = 1;
          this.listDepth = depth;
          this.listExpect = kind;
          continue;
        } else if (type === T_LPAREN) {
          this.poisoned = true; // a derived table or parenthesized join: no single named table
        }
      }

      const kindHere = this.kinds[depth];
      const prelude = this.preludes[depth];
      if (type !== T_WORD) {
        if (type === T_LPAREN) {
          this.depth = depth + 1;
          this.kinds[depth + 1] = F_UNKNOWN;
          this.preludes[depth + 1] = false;
          continue;
        }
        if (type === T_RPAREN) {
          if (depth === 0) this.unbalanced = true;
          else this.depth = depth - 1;
          continue;
        }
        if (type === T_QUOTED && prelude) this.ctes.push(lex.value);
        if (this.opDepth < 0 && depth === 0) {
          // The statement starts with something other than a keyword.
          this.op = OTHER;
          this.noCollection = true;
          this.opDepth = 0;
        }
        if (kindHere === F_UNKNOWN) this.kinds[depth] = F_EXPR;
        continue;
      }

      // A word.
      if (kindHere === F_UNKNOWN) {
        if (QUERY_START.has(word)) { this.kinds[depth] = F_QUERY; this.queryStart(word); this.previous = word; continue; }
        this.kinds[depth] = F_EXPR;
      } else if (depth === 0 && this.opDepth < 0) {
        this.queryStart(word);
        this.previous = word;
        continue;
      }
      if (prelude) {
        if (QUERY_START.has(word) && word !== 'WITH') { this.preludes[depth] = false; this.queryStart(word); }
        else if (!WITH_WORDS.has(word)) this.ctes.push(lex.word());
        this.previous = word;
        continue;
      }

      if (depth === 0) {
        if (this.startPending) { this.startPending = false; if (word === 'TRANSACTION') this.op = 'BEGIN'; }
        if (word === 'TO' && this.op === 'ROLLBACK') this.op = 'ROLLBACK TO SAVEPOINT';
        if (this.ddl) {
          if (word === 'TABLE' || word === 'VIEW') { this.ddl = false; this.expectTable(E_TABLE); this.previous = word; continue; }
          if (word === 'INDEX') { this.ddl = false; this.awaitOn = true; }
          else if (ROUTINES.has(word)) {
            this.noCollection = true;
            this.ddl = false;
            // A routine body may hold `;` outside any quotes (MySQL BEGIN ... END): stop here.
            if (this.op === 'CREATE') { stopped = true; break; }
          } else if (NON_TABLE_OBJECTS.has(word) || ++this.ddlWords > 8) { this.ddl = false; this.noCollection = true; }
        }
      }
      if (this.noCollection || this.kinds[depth] !== F_QUERY) { this.previous = word; continue; }
      switch (word) {
        case 'FROM':
          if (this.previous !== 'DISTINCT') this.expectTable(E_FROM);
          break;
        case 'JOIN':
        case 'STRAIGHT_JOIN':
          this.expectTable(E_FROM);
          break;
        case 'INTO':
          this.expectTable(E_TABLE);
          break;
        case 'USING':
          if (this.op === 'DELETE' || this.op === 'MERGE') this.expectTable(E_FROM);
          break;
        case 'ON':
          if (this.awaitOn && depth === 0) { this.awaitOn = false; this.expectTable(E_TABLE); }
          break;
      }
      this.previous = word;
    }
    const open = this.depth !== 0;
    this.finishStatement();

    if (this.statements === 0) { this.operation = OTHER; this.collection = undefined; }
    else if (this.statements === 1) { this.operation = this.batchOperation; this.collection = this.batchCollection; }
    else {
      this.operation = this.sameOperation ? batchOperationName(this.batchOperation) : BATCH;
      this.collection = this.sameCollection ? this.batchCollection : undefined;
    }
    this.plausible = stopped || (!lex.cut && !lex.unterminated && !this.unbalanced && !open && !this.sawOther);
  }
}

const batchNames = new Map<string, string>();

/** `BATCH <op>`, built once per operation. */
function batchOperationName(operation: string): string {
  let name = batchNames.get(operation);
  if (name === undefined) {
    name = `${BATCH} ${operation}`;
    batchNames.set(operation, name);
  }
  return name;
}

const scanner = new Scanner();
