'use strict';
const path = require('node:path');
const { sampleValue } = require('@nodeprom/test-utils');

const APP = path.join(__dirname, 'fixtures', 'runtime-app.js');

/** The single sample `name` in the text, failing the test when it is absent. */
function valueOf(text, name, labels = {}) {
  const value = sampleValue(text, name, labels);
  if (value === undefined) throw new Error(`no sample ${name} ${JSON.stringify(labels)} in:\n${text}`);
  return value;
}

module.exports = { APP, valueOf };
