'use strict';
// The mysql2 layer, on every release and mechanism: times a streamed query().stream() and an event-emitter query.
const { expect } = require('chai');
const { PATHS, count, ok, growth, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('times a streamed query().stream() and an event-emitter query', async () => {
      for (const id of [101, 102, 103])
        await app.call('run', 'callback', 'query', 'INSERT IGNORE INTO myl_items (id, name) VALUES (?, ?)', [
          id,
          'row',
        ]);
      const grew = await growth(
        app,
        (t) => count(t, ok()),
        async () => {
          expect(await app.call('stream', 'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103')).to.equal(3);
          expect(await app.call('emitter', 'SELECT id FROM myl_items WHERE id BETWEEN 101 AND 103')).to.equal(3);
        },
      );
      expect(grew).to.equal(2);
    });
  });
}
