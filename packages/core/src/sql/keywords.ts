/*
 * Keyword tables of the SQL summarizer (../sql-summary.ts describes the semantics).
 *
 * The operation allow-list and the word sets the statement parser (./parser.ts) compares against,
 * and the buckets the lexer (./lexer.ts, Lexer.keyword) uses to recognize these words in any case
 * without allocating a string per token. Keys are upper case.
 */

const OTHER = '_OTHER';
const BATCH = 'BATCH';

// ---------------------------------------------------------------------------------------------
// Keywords

function set(words: string): ReadonlySet<string> {
  return new Set(words.split(' '));
}

/** First keyword -> reported operation. Upper-case keys; anything else is `_OTHER`. */
const OPERATIONS: ReadonlyMap<string, string> = new Map([
  ...'SELECT INSERT UPDATE DELETE MERGE REPLACE UPSERT VALUES CREATE ALTER DROP TRUNCATE RENAME COMMENT GRANT REVOKE BEGIN COMMIT ROLLBACK SAVEPOINT SET RESET SHOW USE CALL EXECUTE PREPARE DEALLOCATE DECLARE FETCH MOVE CLOSE EXPLAIN DESCRIBE LISTEN NOTIFY UNLISTEN DO COPY LOCK UNLOCK LOAD ANALYZE VACUUM OPTIMIZE REINDEX CLUSTER REFRESH CHECKPOINT DISCARD FLUSH KILL'
    .split(' ')
    .map((word): [string, string] => [word, word]),
  ['TABLE', 'SELECT'],
  ['END', 'COMMIT'],
  ['ABORT', 'ROLLBACK'],
  ['RELEASE', 'RELEASE SAVEPOINT'],
  ['EXEC', 'EXECUTE'],
  ['DESC', 'DESCRIBE'],
  ['START', OTHER], // `START TRANSACTION` becomes BEGIN below
]);

/** Operations whose statement can name a table. */
const TABLE_OPERATIONS = set(
  'SELECT INSERT UPDATE DELETE MERGE REPLACE UPSERT VALUES TABLE CREATE ALTER DROP TRUNCATE COPY LOCK LOAD ANALYZE VACUUM OPTIMIZE REFRESH WITH',
);
/** Operations followed directly by their table (after SKIP words). */
const DIRECT_TARGET = set('INSERT UPDATE DELETE REPLACE UPSERT TABLE TRUNCATE COPY LOCK ANALYZE VACUUM OPTIMIZE');
/** Operations introduced by an object type (`CREATE TABLE`, `DROP INDEX`, ...). */
const DDL = set('CREATE ALTER DROP REFRESH');
/** Keywords that open a query inside parentheses. */
const QUERY_START = set('SELECT WITH VALUES INSERT UPDATE DELETE MERGE TABLE');
/** Words between a table keyword and the name. */
const SKIP = set(
  'INTO FROM IGNORE LOW_PRIORITY DELAYED HIGH_PRIORITY QUICK ONLY TABLE TABLES IF NOT EXISTS TEMP TEMPORARY UNLOGGED FULL FREEZE VERBOSE ANALYZE NO_WRITE_TO_BINLOG LOCAL CONCURRENTLY MATERIALIZED LATERAL',
);
/** Words in a table position that are not tables: the table position is left empty. */
const NOT_TABLE = set(
  'DUAL STDIN STDOUT OUTFILE DUMPFILE SELECT VALUES VALUE SET DEFAULT WHERE WITH ON USING AS PARTITION',
);
/** DDL object types holding a body that may contain `;`: scanning stops there. */
const ROUTINES = set('FUNCTION PROCEDURE TRIGGER EVENT PACKAGE RULE');
/** DDL object types that are not tables. */
const NON_TABLE_OBJECTS = set(
  'SCHEMA DATABASE SEQUENCE TYPE EXTENSION USER ROLE GROUP DOMAIN COLLATION POLICY PUBLICATION SUBSCRIPTION SERVER TABLESPACE AGGREGATE OPERATOR CAST CONVERSION LANGUAGE STATISTICS OWNED SYSTEM LOGFILE INSTANCE PROFILE SYNONYM TEXT ACCESS DEFAULT',
);
/** Words of a WITH prelude that are not CTE names. */
const WITH_WORDS = set('RECURSIVE AS NOT MATERIALIZED SEARCH CYCLE DEPTH BREADTH FIRST BY SET TO DEFAULT USING');

/** Every word the parser compares against, recognized without allocating (Lexer.keyword). */
const KEYWORDS: readonly string[] = [
  ...new Set([
    ...OPERATIONS.keys(),
    ...TABLE_OPERATIONS,
    ...DIRECT_TARGET,
    ...DDL,
    ...QUERY_START,
    ...SKIP,
    ...NOT_TABLE,
    ...ROUTINES,
    ...NON_TABLE_OBJECTS,
    ...WITH_WORDS,
    ...'AS DISTINCT TRANSACTION TO FROM JOIN STRAIGHT_JOIN INTO USING ON TABLE VIEW INDEX WITH'.split(' '),
  ]),
];
/** Clears the lower-case bit of ASCII letters; leaves `_` and keeps other characters off letters. */
const FOLD = 0xdf;
const MAX_KEYWORD_LENGTH = Math.max(...KEYWORDS.map((k) => k.length));

export function keywordBucket(length: number, first: number, last: number): number {
  return first < 128 && last < 128 ? length * 16384 + first * 128 + last : -1;
}

const KEYWORD_BUCKETS = new Map<number, string[]>();
for (const keyword of KEYWORDS) {
  const bucket = keywordBucket(keyword.length, keyword.charCodeAt(0), keyword.charCodeAt(keyword.length - 1));
  const list = KEYWORD_BUCKETS.get(bucket);
  if (list === undefined) KEYWORD_BUCKETS.set(bucket, [keyword]);
  else list.push(keyword);
}

// Constants are exported by name here, not with `export const`: with CommonJS output TypeScript
// would turn every use inside this file into a property load on `exports`.
export {
  OTHER,
  BATCH,
  OPERATIONS,
  TABLE_OPERATIONS,
  DIRECT_TARGET,
  DDL,
  QUERY_START,
  SKIP,
  NOT_TABLE,
  ROUTINES,
  NON_TABLE_OBJECTS,
  WITH_WORDS,
  FOLD,
  MAX_KEYWORD_LENGTH,
  KEYWORD_BUCKETS,
};
