'use strict';
// core's one error classifier: every data layer's error_type comes from here, bounded by one cap.
const { expect } = require('chai');
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

  it('uses the driver\'s fixed mapping first', () => {
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
    const seen = new Set();
    for (let i = 0; i < MAX_ERROR_TYPES + 50; i++) seen.add(errorType({ code: `CAPTEST_${i}` }));
    expect(seen.size).to.be.at.most(MAX_ERROR_TYPES + 1);
    expect(seen.has('_OTHER')).to.equal(true);
    // A type handed out before the cap keeps its value.
    expect(errorType({ code: '23505' })).to.equal('23505');
  });
});
