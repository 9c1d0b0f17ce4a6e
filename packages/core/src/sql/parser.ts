/*
 * The SQL summarizer's statement parser: from the lexer's tokens (./lexer.ts), the operation and the
 * one table a statement (or batch) reads or writes; ../sql-summary.ts describes the rules.
 *
 * Hand-written for the same reason as the lexer: a real SQL parser builds a syntax tree (tens of
 * microseconds and kilobytes per statement, dialect-specific); this one only follows the few
 * positions where a table name can stand, in one pass, without a tree.
 */

import keywords = require('./keywords');
import lexer = require('./lexer');

// Local copies of the imported constants: with CommonJS output every use of an imported binding is a
// property load on the other module's `exports`, and the scan loop reads these for every token.
const { Lexer, C_LBRACKET, T_COMMA, T_EOF, T_LPAREN, T_OTHER, T_QUOTED, T_RPAREN, T_SEMI, T_WORD } = lexer;
const {
  BATCH,
  DDL,
  DIRECT_TARGET,
  NON_TABLE_OBJECTS,
  NOT_TABLE,
  OPERATIONS,
  OTHER,
  QUERY_START,
  ROUTINES,
  SKIP,
  TABLE_OPERATIONS,
  WITH_WORDS,
} = keywords;

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
    if (name === undefined) {
      this.poisoned = true;
      return;
    }
    if (this.ctes.length !== 0 && this.ctes.includes(name)) return;
    if (this.table === undefined) this.table = name;
    else if (this.table !== name) this.multiple = true;
  }

  private finishStatement(): void {
    if (this.pending !== undefined) {
      this.commit(this.pending);
      this.pending = undefined;
    }
    const op = this.op;
    if (op === undefined) return;
    if (op === OTHER) this.sawOther = true;
    const collection = this.noCollection || this.poisoned || this.multiple ? undefined : this.table;
    if (this.statements === 0) {
      this.batchOperation = op;
      this.batchCollection = collection;
    } else {
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
    if (word === 'WITH') {
      this.preludes[this.depth] = true;
      return;
    }
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

  /** `mysqlOnly`: the text is known to be MySQL/MariaDB (see Lexer.reset). */
  scan(text: string, truncated: boolean, backslashEscapes: boolean, mysqlOnly = false): void {
    const lex = this.lex;
    lex.reset(text, truncated, backslashEscapes, mysqlOnly);
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
        if (type === T_LPAREN)
          this.poisoned = true; // a table function: no collection
        else this.commit(this.pending);
        this.pending = undefined;
      }

      // The table list after a name: `FROM a x, b` names b too.
      if (this.listStage !== 0) {
        if (depth !== this.listDepth) {
          if (depth < this.listDepth) this.listStage = 0;
        } else if (type === T_COMMA && this.listStage !== 2) {
          this.listStage = 0;
          this.expect = this.listExpect;
          continue;
        } else if (type === T_WORD && word === 'AS' && this.listStage === 1) {
          this.listStage = 2;
          continue;
        } else if ((type === T_WORD || type === T_QUOTED) && this.listStage !== 3) this.listStage = 3;
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
        if (QUERY_START.has(word)) {
          this.kinds[depth] = F_QUERY;
          this.queryStart(word);
          this.previous = word;
          continue;
        }
        this.kinds[depth] = F_EXPR;
      } else if (depth === 0 && this.opDepth < 0) {
        this.queryStart(word);
        this.previous = word;
        continue;
      }
      if (prelude) {
        if (QUERY_START.has(word) && word !== 'WITH') {
          this.preludes[depth] = false;
          this.queryStart(word);
        } else if (!WITH_WORDS.has(word)) this.ctes.push(lex.word());
        this.previous = word;
        continue;
      }

      if (depth === 0) {
        if (this.startPending) {
          this.startPending = false;
          if (word === 'TRANSACTION') this.op = 'BEGIN';
        }
        if (word === 'TO' && this.op === 'ROLLBACK') this.op = 'ROLLBACK TO SAVEPOINT';
        if (this.ddl) {
          if (word === 'TABLE' || word === 'VIEW') {
            this.ddl = false;
            this.expectTable(E_TABLE);
            this.previous = word;
            continue;
          }
          if (word === 'INDEX') {
            this.ddl = false;
            this.awaitOn = true;
          } else if (ROUTINES.has(word)) {
            this.noCollection = true;
            this.ddl = false;
            // A routine body may hold `;` outside any quotes (MySQL BEGIN ... END): stop here.
            if (this.op === 'CREATE') {
              stopped = true;
              break;
            }
          } else if (NON_TABLE_OBJECTS.has(word) || ++this.ddlWords > 8) {
            this.ddl = false;
            this.noCollection = true;
          }
        }
      }
      if (this.noCollection || this.kinds[depth] !== F_QUERY) {
        this.previous = word;
        continue;
      }
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
          if (this.awaitOn && depth === 0) {
            this.awaitOn = false;
            this.expectTable(E_TABLE);
          }
          break;
      }
      this.previous = word;
    }
    const open = this.depth !== 0;
    this.finishStatement();

    if (this.statements === 0) {
      this.operation = OTHER;
      this.collection = undefined;
    } else if (this.statements === 1) {
      this.operation = this.batchOperation;
      this.collection = this.batchCollection;
    } else {
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

export const scanner = new Scanner();
