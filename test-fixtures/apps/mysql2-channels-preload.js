'use strict';
// Preload that runs the mysql2 layer on mysql2's diagnostics channels (mechanism 'channels') instead
// of the default patches, to test that path and measure one mechanism against the other.
const { registerInstrumentations } = require('@nodeprom/core');
const { Mysql2Instrumentation } = require('@nodeprom/instrumentation-mysql2');

registerInstrumentations({ instrumentations: [new Mysql2Instrumentation({ enabled: false, mechanism: 'channels' })] });
