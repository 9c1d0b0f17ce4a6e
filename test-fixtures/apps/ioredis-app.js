'use strict';
// ioredis app driven by the ioredis layer's tests. IOREDIS_DIR picks a copy of ioredis
// (test-fixtures/versions/ioredis-*); REDIS_DB the database index (the tests own db 7).
const path = require('node:path');
const IOREDIS = process.env.IOREDIS_DIR ? path.resolve(process.env.IOREDIS_DIR, 'node_modules/ioredis') : 'ioredis';
const Redis = require(IOREDIS);
const { version } = require(path.join(path.dirname(require.resolve(IOREDIS)), '..', 'package.json'));
const { serve } = require('@nodeprom/test-utils/app');

const DB = Number(process.env.REDIS_DB ?? 7);
const clients = new Map();
const later = new Map();
let nextLater = 0;
const redis = new Redis({ host: '127.0.0.1', port: 6379, db: DB });
clients.set('main', redis);
redis.defineCommand('rdlSwap', {
  numberOfKeys: 1,
  lua: "local old = redis.call('GET', KEYS[1]); redis.call('SET', KEYS[1], ARGV[1]); return old",
});

function plain(value) {
  if (Buffer.isBuffer(value)) return { buffer: value.toString('base64') };
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Error) return { error: value.message, name: value.name };
  return value;
}

function client(name) {
  const found = clients.get(name ?? 'main');
  if (!found) throw new Error(`no client ${name}`);
  return found;
}

const handlers = {
  /** Promise API: redis[method](...args). */
  async run(method, ...args) {
    return plain(await redis[method](...args));
  },
  /** Same on a named client. */
  async runOn(name, method, ...args) {
    return plain(await client(name)[method](...args));
  },
  /** Callback API. */
  runCallback(method, ...args) {
    return new Promise((resolve, reject) => {
      redis[method](...args, (error, value) => (error ? reject(error) : resolve(plain(value))));
    });
  },
  async call(name, ...args) {
    return plain(await redis.call(name, ...args));
  },
  /** Binary key and value, given as base64. */
  async binary(keyBase64, valueBase64) {
    const key = Buffer.from(keyBase64, 'base64');
    await redis.set(key, Buffer.from(valueBase64, 'base64'));
    return plain(await redis.getBuffer(key));
  },
  async bigValue(key, bytes) {
    const value = Buffer.alloc(bytes, 0x61);
    await redis.set(key, value);
    const back = await redis.getBuffer(key);
    return back.length;
  },
  async pipeline(commands) {
    return plain(await redis.pipeline(commands).exec());
  },
  async multi(commands) {
    try {
      return plain(await redis.multi(commands).exec());
    } catch (error) {
      return { execError: error.message };
    }
  },
  async multiNoPipeline(commands) {
    await redis.multi({ pipeline: false });
    const queued = commands.map(([method, ...args]) => redis[method](...args));
    const result = await redis.exec();
    await Promise.all(queued);
    return plain(result);
  },
  async script(key, value) {
    return plain(await redis.rdlSwap(key, value));
  },
  async manyKeys(prefix, count) {
    const batch = 1000;
    for (let i = 0; i < count; i += batch) {
      const pipeline = redis.pipeline();
      for (let j = i; j < Math.min(count, i + batch); j++) pipeline.get(`${prefix}${j}`);
      await pipeline.exec();
    }
    return count;
  },
  /** A second client with its own options (e.g. a private server, commandTimeout). */
  async open(name, { retryDelayMs, ...options }) {
    // Functions cannot cross the IPC channel: a fixed reconnect delay stands for retryStrategy.
    if (retryDelayMs !== undefined) options.retryStrategy = () => retryDelayMs;
    const created = new Redis({ host: '127.0.0.1', db: DB, ...options });
    created.on('error', () => {});
    clients.set(name, created);
    if (options.lazyConnect) return created.status;
    await new Promise((resolve) => created.once('ready', resolve));
    return created.status;
  },
  /** Concurrent commands on a named client (auto-pipelining batches them). */
  async concurrent(name, commands) {
    const found = client(name);
    return plain(await Promise.all(commands.map(([method, ...args]) => found[method](...args))));
  },
  /** Starts a command without waiting; `settle(id)` waits for it. */
  start(name, method, ...args) {
    const id = nextLater++;
    later.set(id, client(name)[method](...args).then(plain, (error) => ({ rejected: error.message, name: error.name })));
    return id;
  },
  async settle(id) {
    const value = await later.get(id);
    later.delete(id);
    return value;
  },
  /** A blocking command cut short by disconnect(): what the app sees. */
  async disconnectDuring(name) {
    const found = client(name);
    const pending = found.blpop('rdl:never', 5).then(() => 'resolved', (error) => error.message);
    await new Promise((resolve) => setTimeout(resolve, 50));
    found.disconnect();
    return pending;
  },
  async status(name) {
    return client(name).status;
  },
  async quit(name) {
    const found = client(name);
    clients.delete(name);
    await found.quit().catch(() => found.disconnect());
    return 'ok';
  },
  /** Subscriber connection: subscribe, receive one message, unsubscribe. */
  async pubsub(channel) {
    const subscriber = redis.duplicate();
    const publisher = redis.duplicate();
    await subscriber.subscribe(channel);
    const received = new Promise((resolve) => subscriber.once('message', (_, message) => resolve(message)));
    await publisher.publish(channel, 'hello');
    const message = await received;
    await subscriber.unsubscribe(channel);
    await subscriber.quit();
    await publisher.quit();
    return message;
  },
  async cluster(ports) {
    const cluster = new Redis.Cluster(ports.map((port) => ({ host: '127.0.0.1', port })));
    cluster.on('error', () => {});
    clients.set('cluster', cluster);
    await new Promise((resolve, reject) => {
      cluster.once('ready', resolve);
      cluster.once('end', () => reject(new Error('cluster ended')));
    });
    return 'ready';
  },
  async clusterRun(method, ...args) {
    return plain(await client('cluster')[method](...args));
  },
  async close() {
    for (const each of clients.values()) each.disconnect();
  },
};

redis.once('ready', () => serve(handlers, { version }));
