'use strict';
// The mysql2 layer, on every release and mechanism: labels a query whose connection is KILLed mid-flight with the error the app received.
const { expect } = require('chai');
const { PATHS, count, failed, useMysql2App } = require('./helpers');

for (const path of PATHS) {
  describe(`mysql2 layer, ${path.title}`, function () {
    this.timeout(60000);
    const app = useMysql2App(path);

    it('labels a query whose connection is KILLed mid-flight with the error the app received', async () => {
      const error = await app.call('killMidQuery').then(
        () => null,
        (e) => e,
      );
      expect(error).to.have.property('code').that.is.a('string');
      const text = await app.scrape();
      expect(count(text, failed(error.code))).to.be.at.least(1);
    });
  });
}
