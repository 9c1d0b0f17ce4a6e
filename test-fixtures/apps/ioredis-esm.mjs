// ESM app importing ioredis: the layer must cover it with --import and no loader hook.
import Redis from 'ioredis';
import testApp from '@nodeprom/test-utils/app';

const redis = new Redis({ host: '127.0.0.1', port: 6379, db: 7 });
redis.once('ready', () => testApp.serve({
  async run(method, ...args) {
    return redis[method](...args);
  },
  async close() {
    redis.disconnect();
  },
}));
