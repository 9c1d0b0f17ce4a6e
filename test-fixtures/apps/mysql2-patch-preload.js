'use strict';
// Preload that runs the mysql2 layer with patches on every 3.x release (mechanism 'patch'), for
// measuring patches against mysql2's diagnostics channels on the same release (scripts/bench).
const { registerInstrumentations } = require('@nodeprom/core');
const { Mysql2Instrumentation } = require('@nodeprom/instrumentation-mysql2');

registerInstrumentations({ instrumentations: [new Mysql2Instrumentation({ enabled: false, mechanism: 'patch' })] });
