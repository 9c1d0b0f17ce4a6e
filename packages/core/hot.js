'use strict';
// `@nodeprom/core/hot`: see src/hot.ts. The same exports object, whose properties are plain data.
module.exports = require('./build/hot');
