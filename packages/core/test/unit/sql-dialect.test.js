'use strict';
// The SQL summarizer reads a statement the way its layer's database does.
const { expect } = require('chai');
const { sqlSummarizer, summarizeSql } = require('@nodeprom/core');

const mysql = sqlSummarizer('mysql');
const postgresql = sqlSummarizer('postgresql');

describe('SQL summarizer dialects', () => {
  it('MySQL/MariaDB: $q$ is no dollar quote and # starts a comment, so a table inside the comment is not reported', () => {
    const sql = 'SELECT $q$ FROM sqld_real #$q$ FROM sqld_in_comment\n';
    expect(mysql(sql)).to.include({ operation: 'SELECT', collection: 'sqld_real' });
  });

  it('PostgreSQL: $q$...$q$ is a string and # is an operator', () => {
    const sql = 'SELECT $q$ FROM sqld_in_string $q$ FROM sqld_pg_real';
    expect(postgresql(sql)).to.include({ operation: 'SELECT', collection: 'sqld_pg_real' });
  });

  it('MySQL: # comments hide a second table; a backslash escapes a quote in a string', () => {
    expect(mysql("SELECT 'it\\'s' FROM sqld_a # JOIN sqld_b\n")).to.include({ collection: 'sqld_a' });
    expect(mysql('SELECT a #> b FROM sqld_c')).to.include({ operation: 'SELECT', collection: undefined });
  });

  it("keeps the dialects' caches apart: the same text may read differently", () => {
    const sql = 'SELECT $x$ FROM sqld_m #$x$ FROM sqld_p\n';
    expect(mysql(sql).collection).to.equal('sqld_m');
    expect(postgresql(sql).collection).to.equal('sqld_p');
    // Without a dialect both readings lex cleanly and one of them is guessed: why layers pass theirs.
    expect(['sqld_m', 'sqld_p', undefined]).to.include(summarizeSql(sql).collection);
  });
});
