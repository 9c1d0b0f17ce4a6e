'use strict';
// core's one error classifier: every data layer's error_type comes from here, bounded by one cap.
const { expect } = require('chai');
const { spawnSync } = require('node:child_process');
const { errorType, MAX_ERROR_TYPES } = require('@nodeprom/core');

class MaxRetriesPerRequestError extends Error {}

describe('errorType: the bounded error classifier', () => {
  it('takes a driver code: a SQLSTATE, a server code, a node system error, a numeric code', () => {
    expect(errorType(Object.assign(new Error('dup'), { code: '23505' }))).to.equal('23505');
    expect(errorType(Object.assign(new Error('dup'), { code: 'ER_DUP_ENTRY' }))).to.equal('ER_DUP_ENTRY');
    expect(errorType(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).to.equal('ECONNREFUSED');
    expect(errorType(Object.assign(new Error('busy'), { code: 5 }))).to.equal('5');
  });

  it('falls back to the class name, but not plain Error or Object, and never to the message', () => {
    expect(errorType(new MaxRetriesPerRequestError('x'))).to.equal('MaxRetriesPerRequestError');
    expect(errorType(new TypeError('user said: drop table'))).to.equal('TypeError');
    expect(errorType(new Error('a message'))).to.equal('_OTHER');
    expect(errorType({ message: 'plain object' })).to.equal('_OTHER');
    expect(errorType('a string')).to.equal('_OTHER');
    expect(errorType(null)).to.equal('_OTHER');
  });

  it("uses the driver's fixed mapping first", () => {
    const known = (error) => (error.message === 'Connection is closed.' ? 'connection_closed' : undefined);
    expect(errorType(new Error('Connection is closed.'), known)).to.equal('connection_closed');
    expect(errorType(Object.assign(new Error('other'), { code: 'EPIPE' }), known)).to.equal('EPIPE');
  });

  it('rejects values that are not identifiers (a code carrying data)', () => {
    expect(errorType({ code: 'user input with spaces' })).to.equal('_OTHER');
    expect(errorType({ code: 'x'.repeat(65) })).to.equal('_OTHER');
    expect(errorType({ code: 'a"b' })).to.equal('_OTHER');
  });

  it(`hands out at most ${MAX_ERROR_TYPES} distinct types per process, then _OTHER`, () => {
    // In a process of its own: the cap is per process, and filling it here would turn every later
    // test's new error type into _OTHER.
    const script = `
      const { spawnSync } = require('node:child_process');
const { errorType, MAX_ERROR_TYPES } = require('@nodeprom/core');
      const before = errorType({ code: '23505' });
      const seen = new Set();
      for (let i = 0; i < MAX_ERROR_TYPES + 50; i++) seen.add(errorType({ code: 'CAPTEST_' + i }));
      process.stdout.write(JSON.stringify({ size: seen.size, other: seen.has('_OTHER'), before, after: errorType({ code: '23505' }) }));`;
    const { stdout, stderr } = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    const result = JSON.parse(stdout);
    expect(result.size).to.be.at.most(MAX_ERROR_TYPES + 1);
    expect(result.other).to.equal(true);
    // A type handed out before the cap keeps its value.
    expect(result.after).to.equal(result.before).and.equal('23505');
    expect(stderr.match(/distinct error types/g)).to.have.length(1);
  });
});
