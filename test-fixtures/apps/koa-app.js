'use strict';
// koa app with @koa/router: a router nested in a prefixed router (/api/v1/orders/:id), a route
// that throws, and plain middleware in front. KOA_DIR picks the copies of koa and @koa/router.
const path = require('node:path');
const from = (name) => (process.env.KOA_DIR ? path.resolve(process.env.KOA_DIR, 'node_modules', name) : name);
const Koa = require(from('koa'));
const routerModule = require(from('@koa/router'));
const Router = routerModule.Router ?? routerModule;
const { serve } = require('@nodeprom/test-utils/app');

const app = new Koa();
app.silent = true;
// What apps do with the template today: read it after the router ran.
let lastMatchedRoute;
app.use(async (ctx, next) => {
  await next();
  lastMatchedRoute = ctx._matchedRoute;
});

const orders = new Router();
orders.get('/:id', (ctx) => {
  ctx.body = { id: ctx.params.id };
});
orders.post('/', (ctx) => {
  ctx.status = 201;
  ctx.body = 'created';
});
const v1 = new Router({ prefix: '/v1' });
v1.use('/orders', orders.routes(), orders.allowedMethods());
const api = new Router({ prefix: '/api' });
api.use(v1.routes(), v1.allowedMethods());
api.get('/health', (ctx) => {
  ctx.body = 'ok';
});
api.get('/boom', () => {
  throw new Error('handler failure');
});
app.use(api.routes()).use(api.allowedMethods());

const server = app.listen(0, '127.0.0.1', () => {
  serve(
    {
      lastMatchedRoute: () => lastMatchedRoute ?? null,
      close: () => new Promise((resolve) => server.close(resolve)),
    },
    { port: server.address().port },
  );
});
