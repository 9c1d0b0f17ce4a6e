'use strict';
// The mysql2 layer, on every release and mechanism: labels a syntax error ER_PARSE_ERROR and a duplicate key ER_DUP_ENTRY, and the app gets its error unchanged.
const { expect } = require('chai');
const { PATHS, count, failed, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('labels a syntax error ER_PARSE_ERROR and a duplicate key ER_DUP_ENTRY, and the app gets its error unchanged', async () => {
      const parse = await growth(
        app,
        (t) => count(t, failed('ER_PARSE_ERROR')),
        async () => {
          const error = await app.call('run', 'callback', 'query', 'SELEC oops').then(
            () => null,
            (e) => e,
          );
          expect(error).to.include({ code: 'ER_PARSE_ERROR', constructorName: 'Error' });
        },
      );
      expect(parse).to.equal(1);
      const duplicate = await growth(
        app,
        (t) => count(t, failed('ER_DUP_ENTRY')),
        async () => {
          await app.call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [201, 'a']);
          const error = await app
            .call('run', 'promise', 'execute', 'INSERT INTO myl_items (id, name) VALUES (?, ?)', [201, 'a'])
            .then(
              () => null,
              (e) => e,
            );
          expect(error).to.include({ code: 'ER_DUP_ENTRY' });
        },
      );
      expect(duplicate).to.equal(1);
    });
  });
}
