'use strict';
// A node:cluster service as users write one: the primary forks WORKERS workers that share one HTTP
// port and forks a replacement when one exits. Every process has the preload (cluster.fork passes
// the primary's execArgv on). Handlers let the test replace a worker or block one's event loop.
const cluster = require('node:cluster');
const http = require('node:http');

const WORKERS = Number(process.env.WORKERS ?? 2);

if (cluster.isPrimary) {
  const { serve } = require('@nodeprom/test-utils/app');
  let appPort;
  let listening = 0;
  let replacing = false;
  const whenListening = [];
  cluster.on('listening', (worker, address) => {
    appPort = address.port;
    listening++;
    for (const resolve of whenListening.splice(0)) resolve(worker);
    if (listening === WORKERS && !replacing) start();
  });
  cluster.on('exit', () => {
    listening--;
    cluster.fork();
  });
  for (let i = 0; i < WORKERS; i++) cluster.fork();
  const blocked = new Set();
  let started = false;
  function start() {
    if (started) return;
    started = true;
    serve(
      {
        workers: () => Object.values(cluster.workers).map((worker) => worker.process.pid),
        // Stops one worker the way an orchestrator does (SIGTERM), then waits for its replacement.
        async replaceWorker(signal = 'SIGTERM') {
          replacing = true;
          const victim = Object.values(cluster.workers)[0];
          const replaced = new Promise((resolve) => whenListening.push(resolve));
          victim.process.kill(signal);
          const replacement = await replaced;
          return { stopped: victim.process.pid, started: replacement.process.pid };
        },
        // Makes one worker block its event loop for `ms`, as a handler stuck in synchronous work does.
        // Resolves once the worker is inside its blocking loop.
        block(ms) {
          const worker = Object.values(cluster.workers)[0];
          return new Promise((resolve) => {
            worker.on('message', (message) => {
              if (message && message.blocking) {
                blocked.add(worker.process.pid);
                resolve(worker.process.pid);
              }
              if (message && message.unblocked) blocked.delete(worker.process.pid);
            });
            worker.send({ block: ms });
          });
        },
        /** Whether a worker told to block is still inside its blocking loop. */
        stillBlocked: (pid) => blocked.has(pid),
        close: async () => {
          cluster.removeAllListeners('exit');
          for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
        },
      },
      { port: appPort },
    );
  }
} else {
  if (process.env.PER_PROCESS_GAUGE) {
    // A per-process metric, declared the way the runtime layer declares its own: one series per live process.
    const { registerInstrumentations } = require('@nodeprom/core');
    const definition = {
      name: 'app.worker.heap',
      kind: 'gauge',
      unit: 'By',
      description: 'A per-process test gauge.',
      labels: [],
      layers: [],
      multiprocess: 'perprocess',
    };
    registerInstrumentations().store.gauge(definition, (observe) => observe(1024, {}));
  }
  const server = http.createServer((req, res) => res.end(String(process.pid)));
  server.listen(Number(process.env.APP_PORT ?? 0), '127.0.0.1');
  process.on('message', (message) => {
    if (message && message.block) {
      process.send({ blocking: true });
      const until = Date.now() + message.block;
      while (Date.now() < until) {
        /* a handler stuck in synchronous work */
      }
      process.send({ unblocked: true });
    }
  });
}
