'use strict';
// Started by `npm start`: a plain HTTP app on APP_PORT.
const http = require('node:http');

http.createServer((req, res) => res.end('ok')).listen(Number(process.env.APP_PORT), '127.0.0.1');
