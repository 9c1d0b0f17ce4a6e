'use strict';
// An app whose own code uses @nodeprom/testing in-process (as a test running inside the app's
// process would): snapshot() with no argument reads the nodeprom this process runs.
const http = require('node:http');
const { snapshot } = require('@nodeprom/testing');
const { serve } = require('@nodeprom/test-utils/app');

const server = http.createServer((req, res) => res.end('ok'));
server.listen(0, '127.0.0.1', () => {
  const base = `http://127.0.0.1:${server.address().port}`;
  serve({
    async deltaAfterRequests(count) {
      const before = await snapshot();
      for (let i = 0; i < count; i++) await (await fetch(`${base}/`)).text();
      return before.delta('http_server_request_duration_seconds_count', { http_request_method: 'GET' });
    },
    async unknownName() {
      const before = await snapshot();
      try {
        before.value('http_server_request_duration_second_count');
        return null;
      } catch (error) {
        return error.message;
      }
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  });
});
