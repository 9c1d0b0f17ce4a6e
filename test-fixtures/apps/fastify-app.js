'use strict';
// fastify app with a prefixed plugin and an auth hook. FASTIFY_DIR picks the copy of fastify.
const path = require('node:path');
const fastify = require(
  process.env.FASTIFY_DIR ? path.resolve(process.env.FASTIFY_DIR, 'node_modules/fastify') : 'fastify',
);
const { serve } = require('@nodeprom/test-utils/app');

const app = fastify();
app.addHook('onRequest', (request, reply, done) => {
  if (request.headers.authorization === 'deny') return reply.code(401).send({ error: 'denied' });
  done();
});
app.get('/health', async () => ({ ok: true }));
app.register(
  async (api) => {
    api.get('/users/:id', async (request) => ({ id: request.params.id }));
    api.post('/users', async (request, reply) => reply.code(201).send(request.body));
  },
  { prefix: '/api' },
);
app.get('/fail', async () => {
  throw new Error('route failure');
});

app.listen({ port: 0, host: '127.0.0.1' }).then(() => {
  serve({ close: () => app.close() }, { port: app.server.address().port });
});
