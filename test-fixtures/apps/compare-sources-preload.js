'use strict';
// Preloaded after @nodeprom/auto-register into the demo app by the writer's comparison test: on the
// message {type: 'compare-sources'} it renders the same moment of the running app twice, through
// OpenTelemetry's serializer (the path before nodeprom's writer) and through nodeprom's writer, and
// sends both texts (and the writer's OpenMetrics) back over IPC.
const { serializerSource, renderToString } = require('@nodeprom/core');

process.on('message', async (message) => {
  if (message?.type !== 'compare-sources') return;
  const handle = globalThis[Symbol.for('nodeprom.handle')];
  // The serializer first: the writer records its own scrape duration only once its body is complete.
  const serializer = await renderToString(
    serializerSource(handle.reader, handle.config.prefix, [handle.store]),
    'prometheus',
  );
  const writer = await renderToString(handle.source, 'prometheus');
  const openMetrics = await renderToString(handle.source, 'openmetrics');
  process.send({ type: 'compared-sources', serializer, writer, openMetrics });
});
