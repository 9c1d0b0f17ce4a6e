'use strict';
// Preloaded before @nodeprom/auto-register by the `nodeprom (no runtime)` benchmark variant: the
// same as running with NODEPROM_DISABLED_INSTRUMENTATIONS=runtime, inside a variant's node flags.
process.env.NODEPROM_DISABLED_INSTRUMENTATIONS = 'runtime';
