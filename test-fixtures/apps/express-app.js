'use strict';
// express app with nested routers and a mounted sub-app. EXPRESS_DIR picks the copy of express.
const path = require('node:path');
const express = require(
  process.env.EXPRESS_DIR ? path.resolve(process.env.EXPRESS_DIR, 'node_modules/express') : 'express',
);
const { serve } = require('@nodeprom/test-utils/app');

const app = express();
const users = express.Router();
users.get('/', (req, res) => res.send('users'));
users.get('/:id', (req, res) => res.send(`user ${req.params.id}`));
const posts = express.Router({ mergeParams: true });
posts.get('/:postId', (req, res) => res.json({ user: req.params.id, post: req.params.postId }));
users.use('/:id/posts', posts);
users.use((req, res, next) => next());
app.use('/users', users);
// Defined after the /users router: a request enters that router, matches nothing there, comes back out.
app.get('/users/archive/:year/:month', (req, res) => res.send('archive'));

const admin = express();
admin.get('/stats', (req, res) => res.send('stats'));
app.use('/admin', admin);

app.get('/boom', () => {
  throw new Error('handler failure');
});
app.post('/echo', express.json(), (req, res) => res.json(req.body));
// Answers after the given milliseconds (or, with 'never', when the client gives up).
app.get('/wait/:ms', (req, res) => {
  if (req.params.ms !== 'never') setTimeout(() => res.send('waited'), Number(req.params.ms));
});
app.get('/status/:code', (req, res) => res.status(Number(req.params.code)).send('status'));

// What route-listing tools (swagger generators, express-list-endpoints) do: walk the router stack,
// descending into a mounted router through `layer.handle.stack`.
function listRoutes(stack) {
  const paths = [];
  for (const layer of stack) {
    if (layer.route) paths.push(String(layer.route.path));
    else if (layer.name === 'router' && Array.isArray(layer.handle.stack))
      paths.push(...listRoutes(layer.handle.stack));
  }
  return paths;
}

const server = app.listen(0, '127.0.0.1', () => {
  serve(
    {
      routes: () => listRoutes((app._router ?? app.router).stack),
      close: () => new Promise((resolve) => server.close(resolve)),
    },
    { port: server.address().port },
  );
});
