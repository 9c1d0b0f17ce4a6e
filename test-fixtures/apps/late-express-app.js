'use strict';
// Loads express before starting nodeprom in code: route templates cannot be added any more.
const express = require('express');
const { registerInstrumentations } = require('@nodeprom/core');
const { serve } = require('@nodeprom/test-utils/app');

registerInstrumentations();
const app = express();
app.get('/things/:id', (req, res) => res.send('thing'));
const server = app.listen(0, '127.0.0.1', () => {
  serve({ close: () => new Promise((resolve) => server.close(resolve)) }, { port: server.address().port });
});
