'use strict';
// What the endpoint says when it starts: the start line names where it really listens, and a bind
// that fails because of the address names NODEPROM_HOST, not NODEPROM_PORT.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');

describe("the endpoint's start-up messages", function () {
  it('says the endpoint listens on every interface when NODEPROM_HOST is 0.0.0.0', async () => {
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_HOST: '0.0.0.0', OTEL_LOG_LEVEL: 'info', NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
    });
    try {
      expect(await app.scrape()).to.include('target_info');
      expect(app.stderr).to.match(
        /serving metrics at http:\/\/localhost:\d+\/metrics \(listening on every interface, 0\.0\.0\.0:\d+\)/,
      );
    } finally {
      await app.stop();
    }
  });

  it('names NODEPROM_HOST when the address is not one of this machine, and the app keeps running', async () => {
    // 192.0.2.1 is TEST-NET-1 (RFC 5737): no interface here has it, so the bind fails with EADDRNOTAVAIL.
    const app = await startApp('test-fixtures/apps/http-app.js', {
      env: { NODEPROM_HOST: '192.0.2.1', NODEPROM_ENABLED_INSTRUMENTATIONS: 'http' },
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(app.stderr).to.include('metrics endpoint not started').and.include('EADDRNOTAVAIL');
      expect(app.stderr).to.include('Set NODEPROM_HOST to an address of this machine');
      expect(app.stderr).not.to.include('Set NODEPROM_PORT');
      // The app itself keeps serving its requests.
      const response = await fetch(`http://127.0.0.1:${app.info.port}/`);
      expect(response.status).to.be.below(500);
      await response.text();
    } finally {
      await app.stop();
    }
  });
});
