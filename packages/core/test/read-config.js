'use strict';
const { readConfig, setLogLevel } = require('@nodeprom/core');

/** Runs readConfig(env) and returns the config with the warnings it wrote to stderr. */
function readConfigWithWarnings(env) {
  const lines = [];
  const write = process.stderr.write;
  process.stderr.write = (chunk) => {
    lines.push(String(chunk));
    return true;
  };
  try {
    return { config: readConfig(env), warnings: lines.join('') };
  } finally {
    process.stderr.write = write;
    setLogLevel('warn');
  }
}

module.exports = { readConfigWithWarnings };
