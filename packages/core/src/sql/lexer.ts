/*
 * The SQL summarizer's lexer: turns a statement's text into tokens for the parser (./parser.ts).
 *
 * Hand-written because it runs on every distinct statement of a pg or mysql2 app: one pass over the
 * character codes, native indexOf for the long runs (strings, comments), keywords recognized without
 * allocating (Lexer.keyword), and both the MySQL and the PostgreSQL reading of the few things they
 * lex differently (`ambiguous`). No maintained SQL library only lexes; see ../sql-summary.ts.
 */

import keywords = require('./keywords');

// Local copies of the imported values: with CommonJS output every use of an imported binding is a
// property load on the other module's `exports`, and Lexer.keyword reads these for every word.
const { FOLD, KEYWORD_BUCKETS, MAX_KEYWORD_LENGTH, keywordBucket } = keywords;

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

const C_SPACE = 32,
  C_DQUOTE = 34,
  C_HASH = 35,
  C_DOLLAR = 36,
  C_QUOTE = 39;
const C_LPAREN = 40,
  C_RPAREN = 41,
  C_STAR = 42,
  C_COMMA = 44,
  C_MINUS = 45,
  C_DOT = 46,
  C_SLASH = 47;
const C_0 = 48,
  C_9 = 57,
  C_COLON = 58,
  C_SEMI = 59,
  C_GT = 62,
  C_AT = 64,
  C_LBRACKET = 91;
const C_BACKSLASH = 92,
  C_UNDERSCORE = 95,
  C_BACKTICK = 96;

const STRING_PREFIXES = 'EeNnXxBb';
// Exported by name, not with `export const`: with CommonJS output TypeScript would turn every use
// inside this file (the hot loop of Lexer.next) into a property load on `exports`.
export { T_EOF, T_WORD, T_QUOTED, T_LPAREN, T_RPAREN, T_COMMA, T_SEMI, T_OTHER, C_LBRACKET };

function isWordStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === C_UNDERSCORE || c >= 128;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || (c >= C_0 && c <= C_9) || c === C_DOLLAR;
}

export class Lexer {
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
  /**
   * The layer says the text is MySQL/MariaDB (not merely read the MySQL way): every `#` starts a
   * comment (MySQL has no `#>` operator) and `$` never opens a dollar-quoted string.
   */
  private mysqlOnly = false;

  reset(s: string, truncated: boolean, backslashEscapes: boolean, mysqlOnly = false): void {
    this.s = s;
    this.truncated = truncated;
    this.backslashEscapes = backslashEscapes || mysqlOnly;
    this.mysqlOnly = mysqlOnly;
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
        if (slashes % 2 === 1) {
          i = at + 1;
          continue;
        }
      }
      if (s.charCodeAt(at + 1) === quote) {
        i = at + 2;
        continue;
      }
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
      if (inner >= 0 && inner < close) {
        depth++;
        inner = s.indexOf('/*', inner + 2);
        continue;
      }
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

  /**
   * A '...' string, "..." or `...` name opened at `open` by `quote`: moves past it and returns its
   * closing quote, or -1 at the end of the text (eof). `escapes`: E'...' strings always take
   * backslash escapes. A backslash in '...' or "..." is read differently by the two dialects; in
   * `...` and E'...' both read it alike.
   */
  private quoted(open: number, quote: number, escapes: boolean): number {
    const dialectal = !escapes && quote !== C_BACKTICK;
    const close = this.closing(open, quote, escapes || (dialectal && this.backslashEscapes));
    if (close < 0) {
      this.eof();
      return -1;
    }
    if (dialectal && !this.ambiguous && this.hasBackslash(open, close)) this.ambiguous = true;
    this.pos = close + 1;
    return close;
  }

  /** A '...' string opened at `open`. */
  private string(open: number, escapes: boolean): void {
    if (this.quoted(open, C_QUOTE, escapes) >= 0) this.type = T_STRING;
  }

  next(): void {
    const s = this.s;
    const len = s.length;
    let i = this.pos;
    let c: number;
    for (;;) {
      if (i >= len) {
        this.pos = len;
        this.type = T_EOF;
        if (this.truncated) this.cut = true;
        return;
      }
      c = s.charCodeAt(i);
      if (c <= C_SPACE || c === 0xa0 || c === 0xfeff) {
        i++;
        continue;
      }
      const d = s.charCodeAt(i + 1);
      if (c === C_HASH) {
        // A comment in MySQL, an operator in PostgreSQL: the text is read both ways. `#>`, `#>>` and
        // `#-` (PostgreSQL's JSON operators) are not taken for comments in either reading.
        if (d !== C_GT && d !== C_MINUS) this.ambiguous = true;
        if (this.mysqlOnly || (this.backslashEscapes && d !== C_GT && d !== C_MINUS)) {
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
        if (close < 0) {
          this.pos = len;
          return this.eof();
        }
        i = close;
        continue;
      }
      break;
    }
    this.start = i;
    if (isWordStart(c)) {
      let j = i + 1;
      while (j < len && isWordPart(s.charCodeAt(j))) j++;
      if (j >= len && this.truncated) {
        this.pos = len;
        this.cut = true;
        this.type = T_EOF;
        return;
      }
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
      const close = this.quoted(i, c, false);
      if (close < 0) return;
      this.type = T_QUOTED;
      const q = String.fromCharCode(c);
      this.value = s
        .slice(i + 1, close)
        .split(q + q)
        .join(q);
      return;
    }
    if ((c >= C_0 && c <= C_9) || (c === C_DOT && s.charCodeAt(i + 1) >= C_0 && s.charCodeAt(i + 1) <= C_9)) {
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
      case C_LPAREN:
        this.type = T_LPAREN;
        return;
      case C_RPAREN:
        this.type = T_RPAREN;
        return;
      case C_COMMA:
        this.type = T_COMMA;
        return;
      case C_SEMI:
        this.type = T_SEMI;
        return;
      case C_DOLLAR:
        if (this.mysqlOnly) {
          this.type = T_OTHER;
          return;
        }
        return this.dollar(i);
      case C_AT:
      case C_COLON: {
        // @variable, @@system_variable, :named placeholder: one token, never a word.
        let j = i + 1;
        while (j < len && (isWordPart(s.charCodeAt(j)) || s.charCodeAt(j) === C_AT || s.charCodeAt(j) === C_COLON)) j++;
        this.pos = j;
        this.type = T_OTHER;
        return;
      }
      default:
        this.type = T_OTHER;
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
    if (close < 0) {
      this.eof();
      return undefined;
    }
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
    const bucket = KEYWORD_BUCKETS.get(
      keywordBucket(length, s.charCodeAt(start) & FOLD, s.charCodeAt(this.end - 1) & FOLD),
    );
    if (bucket === undefined) return '';
    candidates: for (const keyword of bucket) {
      for (let i = 1; i < length - 1; i++)
        if ((s.charCodeAt(start + i) & FOLD) !== keyword.charCodeAt(i)) continue candidates;
      return keyword;
    }
    return '';
  }
}
