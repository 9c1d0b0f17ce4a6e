// An ESM app: express imported with `import`, started with --import @nodeprom/auto-register.
import express from 'express';
import { serve } from '@nodeprom/test-utils/app';

const app = express();
const items = express.Router();
items.get('/:id', (req, res) => res.send(`item ${req.params.id}`));
app.use('/items', items);
const server = app.listen(0, '127.0.0.1', () => {
  serve({ close: () => new Promise((resolve) => server.close(resolve)) }, { port: server.address().port });
});
