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
 * - only the first SCAN_LIMIT characters are read; a longer text is summarized from that prefix.
 * - no literal ever reaches the output: the operation comes from the allow-list; the collection is
 *   an identifier in a table position. Backslash escapes in '...' strings differ between MySQL and
 *   PostgreSQL; when a string holds a backslash the text is scanned both ways and a collection is kept
 *   only when both readings agree or only one of them lexes cleanly.
 */

/** How much of a statement is read. Longer texts (bulk inserts) are summarized from this prefix. */
export const SQL_SCAN_LIMIT = 32 * 1024;
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

const interned = new Map<string, DbOperationSummary>();
let collectionSummaries = 0;

function intern(operation: string, collection: string | undefined): DbOperationSummary {
  const key = collection === undefined ? operation : `${operation}\u0000${collection}`;
  let summary = interned.get(key);
  if (summary !== undefined) return summary;
  if (collection !== undefined) {
    if (collectionSummaries >= SQL_MAX_COLLECTION_SUMMARIES) {
      log.warnOnce('sql-summary-collections', `more than ${SQL_MAX_COLLECTION_SUMMARIES} distinct SQL operation and table pairs; new ones are recorded without db.collection.name.`);
      return intern(operation, undefined);
    }
    collectionSummaries++;
  }
  summary = Object.freeze({ key, operation, collection });
  interned.set(key, summary);
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
  const first = scan(text, truncated, true);
  if (!first.ambiguous) return intern(first.operation, first.collection);
  const second = scan(text, truncated, false);
  if (first.operation === second.operation && first.collection === second.collection) return intern(first.operation, first.collection);
  if (first.clean !== second.clean) {
    const clean = first.clean ? first : second;
    return intern(clean.operation, clean.collection);
  }
  return intern(first.operation === second.operation ? first.operation : OTHER, undefined);
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

const C_TAB = 9, C_NL = 10, C_SPACE = 32, C_DQUOTE = 34, C_HASH = 35, C_DOLLAR = 36, C_QUOTE = 39;
const C_LPAREN = 40, C_RPAREN = 41, C_STAR = 42, C_COMMA = 44, C_MINUS = 45, C_DOT = 46, C_SLASH = 47;
const C_0 = 48, C_9 = 57, C_COLON = 58, C_SEMI = 59, C_GT = 62, C_AT = 64, C_LBRACKET = 91;
const C_BACKSLASH = 92, C_RBRACKET = 93, C_UNDERSCORE = 95, C_BACKTICK = 96;

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
  /** A '...' or "..." string held a backslash, whose meaning depends on the dialect. */
  ambiguous = false;

  constructor(
    private readonly s: string,
    private readonly truncated: boolean,
    /** MySQL reading: backslash escapes in '...' and "..."; else PostgreSQL's standard strings. */
    private readonly backslashEscapes: boolean,
  ) {}

  private eof(): void {
    this.type = T_EOF;
    this.pos = this.s.length;
    if (this.truncated) this.cut = true;
    else this.unterminated = true;
  }

  /** Closing quote of a string or quoted name opened at `open`, -1 if none. */
  private closing(open: number, quote: number, backslash: boolean): number {
    const s = this.s;
    const q = String.fromCharCode(quote);
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

  /** A '...' string opened at `open`. `escapes`: E'...' strings always take backslash escapes. */
  private string(open: number, escapes: boolean): void {
    const close = this.closing(open, C_QUOTE, escapes || this.backslashEscapes);
    if (close < 0) return this.eof();
    if (!escapes) {
      const slash = this.s.indexOf('\\', open);
      if (slash >= 0 && slash < close) this.ambiguous = true;
    }
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
      if ((c === C_MINUS && d === C_MINUS) || (c === C_HASH && d !== C_GT && d !== C_MINUS)) {
        const nl = s.indexOf('\n', i);
        i = nl < 0 ? len : nl + 1;
        continue;
      }
      if (c === C_SLASH && d === C_STAR) {
        const close = s.indexOf('*/', i + 2);
        if (close < 0) { this.pos = len; return this.eof(); }
        i = close + 2;
        continue;
      }
      break;
    }
    this.start = i;
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < len && isWordPart(s.charCodeAt(j))) j++;
      if (j >= len && this.truncated) { this.pos = len; this.cut = true; this.type = T_EOF; return; }
      if (s.charCodeAt(j) === C_QUOTE) {
        // A prefixed string: E'...', N'...', X'...', B'...', _utf8'...'.
        return this.string(j, j === i + 1 && (c === 69 || c === 101));
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
      if (c === C_DQUOTE && s.indexOf('\\', i) >= 0 && s.indexOf('\\', i) < close) this.ambiguous = true;
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

/** A collection name part: an identifier, not a literal. */
const NAME_PART = /^[\p{L}_][\p{L}\p{M}\p{N}_$-]{0,63}$/u;
const MAX_NAME_LENGTH = 128;

function upper(word: string): string {
  return word.length <= 24 ? word.toUpperCase() : '';
}

// ---------------------------------------------------------------------------------------------
// Parser

const F_UNKNOWN = 0;
const F_QUERY = 1;
const F_EXPR = 2;

interface Frame {
  kind: number;
  /** Inside `WITH name AS (...), ...` before the main keyword. */
  prelude: boolean;
}

const E_NONE = 0;
const E_TABLE = 1; // a table follows
const E_FROM = 2; // a table follows, or a table function / derived table

interface ScanResult {
  operation: string;
  collection: string | undefined;
  ambiguous: boolean;
  /** Lexed to the end without a cut, an open string or unbalanced parentheses. */
  clean: boolean;
}

class Statement {
  operation: string | undefined = undefined;
  /** Only `(` seen so far. */
  leading = true;
  noCollection = false;
  poisoned = false;
  multiple = false;
  table: string | undefined = undefined;
  ctes: string[] = [];
  frames: Frame[] = [{ kind: F_QUERY, prelude: false }];
  expect = E_NONE;
  /** A FROM-position name waiting for the next token: `(` makes it a function call. */
  pending: string | undefined = undefined;
  /** Table list after a name: 1 after a table, 2 after AS, 3 after an alias; 0 none. */
  listStage = 0;
  listDepth = 0;
  listExpect = E_NONE;
  ddl = false;
  ddlWords = 0;
  awaitOn = false;
  startPending = false;
  previous = '';

  collection(): string | undefined {
    return this.noCollection || this.poisoned || this.multiple ? undefined : this.table;
  }

  commit(name: string | undefined): void {
    if (name === undefined) { this.poisoned = true; return; }
    if (this.ctes.includes(name)) return;
    if (this.table === undefined) this.table = name;
    else if (this.table !== name) this.multiple = true;
  }
}

function validName(parts: string[]): string | undefined {
  if (parts.length === 0 || parts.length > 3) return undefined;
  for (const part of parts) if (!NAME_PART.test(part)) return undefined;
  const name = parts.join('.');
  return name.length <= MAX_NAME_LENGTH ? name : undefined;
}

/** A possibly qualified name starting at the current token (a word, quoted name or `[`). */
function readName(lex: Lexer): string | undefined {
  const parts: string[] = [];
  for (;;) {
    let part: string | undefined;
    if (lex.type === T_WORD) part = lex.word();
    else if (lex.type === T_QUOTED) part = lex.value;
    else if (lex.type === T_OTHER && lex.code === C_LBRACKET) part = lex.bracket();
    if (part === undefined) return undefined;
    parts.push(part);
    if (parts.length > 3 || !lex.dot()) break;
    lex.next();
  }
  return validName(parts);
}

function scan(text: string, truncated: boolean, backslashEscapes: boolean): ScanResult {
  const lex = new Lexer(text, truncated, backslashEscapes);
  let statements = 0;
  let batchOperation: string | undefined;
  let sameOperation = true;
  let batchCollection: string | undefined;
  let sameCollection = true;
  let unbalanced = false;
  let st = new Statement();

  const finish = (): void => {
    if (st.pending !== undefined) { st.commit(st.pending); st.pending = undefined; }
    if (st.operation === undefined) return;
    const collection = st.collection();
    if (statements === 0) { batchOperation = st.operation; batchCollection = collection; }
    else {
      if (st.operation !== batchOperation) sameOperation = false;
      if (collection !== batchCollection) sameCollection = false;
    }
    statements++;
  };

  const expectTable = (kind: number): void => {
    st.expect = kind;
    st.listStage = 0;
  };

  /** The first keyword of a query: the statement's operation when at its start. */
  const frameStart = (frame: Frame, word: string): void => {
    if (word === 'WITH') { frame.prelude = true; }
    if (st.operation === undefined && (st.frames.length === 1 || st.leading)) {
      if (word !== 'WITH') {
        st.operation = OPERATIONS.get(word) ?? OTHER;
        if (word === 'START') st.startPending = true;
        if (!TABLE_OPERATIONS.has(word)) st.noCollection = true;
        if (DDL.has(word)) st.ddl = true;
      }
    }
    st.leading = false;
    if (!st.noCollection && DIRECT_TARGET.has(word)) expectTable(E_TABLE);
  };

  scanning: for (;;) {
    lex.next();
    const type = lex.type;
    if (type === T_EOF) break;
    let frame = st.frames[st.frames.length - 1];
    const depth = st.frames.length - 1;
    if (type === T_SEMI && depth === 0) {
      finish();
      st = new Statement();
      continue;
    }
    const word = type === T_WORD ? upper(lex.word()) : '';

    if (st.pending !== undefined) {
      if (type === T_LPAREN) st.poisoned = true; // a table function: no collection
      else st.commit(st.pending);
      st.pending = undefined;
    }

    // The table list after a name: `FROM a x, b` names b too.
    if (st.listStage !== 0) {
      if (depth !== st.listDepth) { if (depth < st.listDepth) st.listStage = 0; }
      else if (type === T_COMMA && st.listStage !== 2) { st.listStage = 0; st.expect = st.listExpect; continue; }
      else if (type === T_WORD && word === 'AS' && st.listStage === 1) { st.listStage = 2; continue; }
      else if ((type === T_WORD || type === T_QUOTED) && st.listStage !== 3) st.listStage = 3;
      else st.listStage = 0;
    }

    if (st.expect !== E_NONE) {
      const kind = st.expect;
      if (type === T_WORD && SKIP.has(word)) continue;
      st.expect = E_NONE;
      if (type === T_WORD && NOT_TABLE.has(word)) {
        // not a table position after all; fall through
      } else if (type === T_WORD || type === T_QUOTED || (type === T_OTHER && lex.code === C_LBRACKET)) {
        const name = readName(lex);
        if (lex.type === T_EOF) break; // cut inside the name
        if (kind === E_FROM && name !== undefined) st.pending = name;
        else st.commit(name);
        st.listStage = 1;
        st.listDepth = depth;
        st.listExpect = kind;
        continue;
      } else if (type === T_LPAREN) {
        st.poisoned = true; // a derived table or parenthesized join: no single named table
      }
    }

    switch (type) {
      case T_LPAREN:
        st.frames.push({ kind: F_UNKNOWN, prelude: false });
        continue;
      case T_RPAREN:
        if (depth === 0) unbalanced = true;
        else st.frames.pop();
        continue;
      case T_WORD:
        break;
      case T_QUOTED:
        if (frame.prelude) st.ctes.push(lex.value);
        if (st.operation === undefined && depth === 0 && !frame.prelude) { st.operation = OTHER; st.noCollection = true; st.leading = false; }
        continue;
      default:
        if (st.operation === undefined && !frame.prelude && (depth === 0 || frame.kind !== F_UNKNOWN)) {
          st.operation = OTHER;
          st.noCollection = true;
          st.leading = false;
        }
        if (frame.kind === F_UNKNOWN) frame.kind = F_EXPR;
        continue;
    }

    // A word.
    if (frame.kind === F_UNKNOWN) {
      if (QUERY_START.has(word)) { frame.kind = F_QUERY; frameStart(frame, word); st.previous = word; continue; }
      frame.kind = F_EXPR;
    } else if (depth === 0 && st.operation === undefined && !frame.prelude) {
      frameStart(frame, word);
      st.previous = word;
      continue;
    }
    if (frame.prelude) {
      if (QUERY_START.has(word) && word !== 'WITH') { frame.prelude = false; frameStart(frame, word); }
      else if (!WITH_WORDS.has(word)) st.ctes.push(lex.word());
      st.previous = word;
      continue;
    }

    if (depth === 0) {
      if (st.startPending) { st.startPending = false; if (word === 'TRANSACTION') st.operation = 'BEGIN'; }
      if (st.operation === 'ROLLBACK' && word === 'TO') st.operation = 'ROLLBACK TO SAVEPOINT';
      if (st.ddl) {
        if (word === 'TABLE' || word === 'VIEW') { st.ddl = false; expectTable(E_TABLE); st.previous = word; continue; }
        if (word === 'INDEX') { st.ddl = false; st.awaitOn = true; }
        else if (ROUTINES.has(word)) {
          st.noCollection = true;
          st.ddl = false;
          if (st.operation === 'CREATE') { finish(); statements = Math.max(statements, 1); st = new Statement(); break scanning; }
        } else if (NON_TABLE_OBJECTS.has(word) || ++st.ddlWords > 8) { st.ddl = false; st.noCollection = true; }
      }
    }
    if (st.noCollection || frame.kind !== F_QUERY) { st.previous = word; continue; }
    switch (word) {
      case 'FROM':
        if (st.previous !== 'DISTINCT') expectTable(E_FROM);
        break;
      case 'JOIN':
      case 'STRAIGHT_JOIN':
        expectTable(E_FROM);
        break;
      case 'INTO':
        expectTable(E_TABLE);
        break;
      case 'USING':
        if (st.operation === 'DELETE' || st.operation === 'MERGE') expectTable(E_FROM);
        break;
      case 'ON':
        if (st.awaitOn && depth === 0) { st.awaitOn = false; expectTable(E_TABLE); }
        break;
    }
    st.previous = word;
  }
  finish();

  let operation: string;
  let collection: string | undefined;
  if (statements === 0) { operation = OTHER; collection = undefined; }
  else if (statements === 1) { operation = batchOperation!; collection = batchCollection; }
  else { operation = sameOperation ? `${BATCH} ${batchOperation}` : BATCH; collection = sameCollection ? batchCollection : undefined; }
  return {
    operation,
    collection,
    ambiguous: lex.ambiguous,
    clean: !lex.cut && !lex.unterminated && !unbalanced && st.frames.length === 1,
  };
}
