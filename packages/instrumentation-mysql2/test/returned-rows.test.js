'use strict';
// Unit test of how the mysql2 layer reads the number of returned rows from a result's shape.
const { expect } = require('chai');
const { returnedRows } = require('../build/events');

class ResultSetHeader {
  constructor() {
    this.affectedRows = 1;
  }
}

describe('mysql2 returned rows from a result', () => {
  it('counts the rows of a SELECT-like result, objects or arrays (rowsAsArray)', () => {
    expect(returnedRows([{ id: 1 }, { id: 2 }])).to.equal(2);
    expect(
      returnedRows([
        [1, 'a'],
        [2, 'b'],
        [3, 'c'],
      ]),
    ).to.equal(3);
    expect(returnedRows([])).to.equal(0);
  });

  it('records nothing for an OkPacket, several statements or a CALL', () => {
    expect(returnedRows(new ResultSetHeader())).to.equal(-1);
    expect(returnedRows([new ResultSetHeader(), new ResultSetHeader()])).to.equal(-1);
    expect(returnedRows([[{ id: 1 }, { id: 2 }], [{ n: 1 }]])).to.equal(-1);
    expect(returnedRows([[{ id: 1 }], new ResultSetHeader()])).to.equal(-1);
    expect(returnedRows([[], [{ n: 1 }], new ResultSetHeader()])).to.equal(-1);
    expect(returnedRows([new ResultSetHeader(), [{ n: 1 }]])).to.equal(-1);
  });

  it('counts a large SELECT from its length, without reading every row', () => {
    const rows = Array.from({ length: 100000 }, (_, id) => ({ id }));
    // A row that looked like a header in the middle would not be read: the ends decide.
    expect(returnedRows(rows)).to.equal(100000);
  });
});
