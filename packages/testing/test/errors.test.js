'use strict';
// What a test author sees when a name, a label name or a label value is wrong: the nearest names
// or series, so the typo is visible in the failure itself.
const { expect } = require('chai');
const { Snapshot } = require('@nodeprom/testing');

const TEXT = [
  '# TYPE http_server_request_duration_seconds histogram',
  'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users/:id",http_response_status_code="200"} 4',
  'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/users",http_response_status_code="200"} 1',
  'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/users",http_response_status_code="201"} 2',
  '# TYPE db_client_operation_duration_seconds histogram',
  'db_client_operation_duration_seconds_count{db_system_name="postgresql"} 9',
  '',
].join('\n');

function messageOf(run) {
  try {
    run();
  } catch (error) {
    return error.message;
  }
  throw new Error('expected an error');
}

describe('@nodeprom/testing error messages', function () {
  const snap = new Snapshot(TEXT);

  it('lists the nearest names for an unknown name', () => {
    const message = messageOf(() => snap.value('http_server_request_duration_count'));
    expect(message).to.match(
      /^no series named http_server_request_duration_count\. Nearest names: http_server_request_duration_seconds_count/,
    );
  });

  it('names the unknown label, suggests the nearest label name and lists the series', () => {
    const message = messageOf(() => snap.value('http_server_request_duration_seconds_count', { route: '/users' }));
    expect(message).to.include(
      'no series of http_server_request_duration_seconds_count has the label route (did you mean http_route?)',
    );
    expect(message).to.include(
      'http_server_request_duration_seconds_count{http_request_method="POST",http_route="/users",http_response_status_code="201"} 2',
    );
  });

  it('lists the nearest series, nearest first, when no series has the label values', () => {
    const message = messageOf(() =>
      snap.value('http_server_request_duration_seconds_count', { http_route: '/user/:id' }),
    );
    const lines = message.split('\n');
    expect(lines[0]).to.equal(
      'no series matches http_server_request_duration_seconds_count{http_route="/user/:id"}. Nearest series:',
    );
    expect(lines).to.have.length(4);
  });

  it('sums the series a partial label set matches', () => {
    expect(snap.value('http_server_request_duration_seconds_count', { http_route: '/users' })).to.equal(3);
    expect(snap.value('http_server_request_duration_seconds_count', { http_response_status_code: 200 })).to.equal(5);
  });
});
