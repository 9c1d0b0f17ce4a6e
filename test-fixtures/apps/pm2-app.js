'use strict';
// An app as PM2 cluster mode runs it: no cluster code of its own; PM2's daemon is the cluster
// primary and shares APP_PORT among the instances. Answers with its pid.
const http = require('node:http');

http.createServer((req, res) => res.end(String(process.pid))).listen(Number(process.env.APP_PORT), '127.0.0.1');
