'use strict';
// Required before nodeprom's preload: a Module._load hook beneath nodeprom's (as an APM's or a
// loader's would be), recording what reaches it for `node:path`.
const Module = require('node:module');
const original = Module._load;
globalThis.reachedBeneath = [];
Module._load = function (request) {
  if (request === 'node:path') {
    globalThis.reachedBeneath.push({ self: this === Module, args: Array.prototype.slice.call(arguments, 1) });
  }
  return original.apply(this, arguments);
};
