'use strict';
// snapshot() with no argument, inside an app that nodeprom runs in: the delta of a counter over the
// requests the app made, and a readable error for a misspelt name.
const { expect } = require('chai');
const { startApp } = require('@nodeprom/test-utils');

describe('@nodeprom/testing in the process nodeprom runs in', function () {
  let app;
  before(async () => {
    app = await startApp('test-fixtures/apps/testing-in-process-app.js');
  });
  after(() => app.stop());

  it('returns the change of a series between a snapshot and now', async () => {
    expect(await app.call('deltaAfterRequests', 3)).to.equal(3);
    expect(await app.call('deltaAfterRequests', 2)).to.equal(2);
  });

  it('names the nearest series when a name is misspelt', async () => {
    await app.call('deltaAfterRequests', 1);
    const message = await app.call('unknownName');
    expect(message).to.include('no series named http_server_request_duration_second_count');
    expect(message).to.include('http_server_request_duration_seconds_count');
  });
});

describe('@nodeprom/testing without nodeprom running', function () {
  it('says how to start nodeprom or which URL to pass', async () => {
    const { snapshot } = require('@nodeprom/testing');
    let message;
    try {
      await snapshot();
    } catch (error) {
      message = error.message;
    }
    expect(message).to.include('nodeprom is not running in this process').and.to.include('snapshot("http://');
  });
});
