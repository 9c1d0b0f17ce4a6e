'use strict';
// CommonJS app: node --require @nodeprom/auto-register app.js
require('./routes').start();
