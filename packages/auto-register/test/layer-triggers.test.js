'use strict';
// Each layer is made on the first load of a package it hooks (core's LAYER_TRIGGERS, kept in core so
// that start-up loads no layer to learn it): every package a layer's require hooks patch must be
// one of its triggers, or a process that loads only that package would run without the layer.
const path = require('node:path');
const { expect } = require('chai');
const { DEFAULT_CONFIG } = require('@nodeprom/core');
// Not among core's exports: read from its build.
const { LAYER_TRIGGERS } = require(path.join(path.dirname(require.resolve('@nodeprom/core')), 'layers'));

describe('the packages whose first load makes each layer', () => {
  for (const [layer, triggers] of Object.entries(LAYER_TRIGGERS)) {
    it(`include every package the ${layer} layer hooks`, () => {
      const { createInstrumentation } = require(`@nodeprom/instrumentation-${layer}`);
      const instrumentation = createInstrumentation(DEFAULT_CONFIG);
      const hooked = instrumentation.getModuleDefinitions().map((definition) => definition.name);
      expect(hooked).not.to.have.length(0);
      expect(triggers).to.include.members(hooked);
      // fastify is hooked through its diagnostics channel, which it publishes once loaded.
      if (layer === 'http') expect(triggers).to.include('fastify');
    });
  }
});
