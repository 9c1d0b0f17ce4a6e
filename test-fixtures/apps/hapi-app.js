'use strict';
// hapi app: a route with a parameter, a plugin with a prefix, a handler that throws, an
// onRequest extension that answers some requests before routing. HAPI_DIR picks the copy of hapi.
const path = require('node:path');
const Hapi = require(
  process.env.HAPI_DIR ? path.resolve(process.env.HAPI_DIR, 'node_modules/@hapi/hapi') : '@hapi/hapi',
);
const { serve } = require('@nodeprom/test-utils/app');

async function main() {
  const server = Hapi.server({ port: 0, host: '127.0.0.1' });
  server.ext('onRequest', (request, h) =>
    request.headers.authorization === 'deny' ? h.response('denied').code(401).takeover() : h.continue,
  );
  server.route({ method: 'GET', path: '/orders/{id}', handler: (request) => ({ id: request.params.id }) });
  server.route({
    method: 'GET',
    path: '/boom',
    handler: () => {
      throw new Error('handler failure');
    },
  });
  await server.register(
    {
      name: 'shop',
      register: (plugin) => {
        plugin.route({ method: 'GET', path: '/items/{itemId}/reviews', handler: () => 'reviews' });
      },
    },
    { routes: { prefix: '/shop' } },
  );
  await server.start();
  serve(
    {
      close: () => server.stop(),
    },
    { port: server.info.port },
  );
}

main();
