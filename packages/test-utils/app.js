'use strict';
// The app side of test-utils' startApp: an app calls serve(handlers, info) once it is ready, and the
// test calls handlers by name over the IPC channel. Errors come back with their code and class so
// tests can assert that the app saw its own error unchanged.
function serialize(error) {
  if (!(error instanceof Error)) return { message: String(error) };
  return { message: error.message, name: error.name, code: error.code, constructorName: error.constructor?.name };
}

function serve(handlers, info = {}) {
  process.on('message', async (message) => {
    if (!message || message.type !== 'call') return;
    const handler = handlers[message.name];
    try {
      if (!handler) throw new Error(`no handler ${message.name}`);
      const value = await handler(...message.args);
      process.send({ type: 'result', id: message.id, value: value === undefined ? null : value });
    } catch (error) {
      process.send({ type: 'result', id: message.id, error: serialize(error) });
    }
  });
  process.on('SIGTERM', async () => {
    try {
      if (handlers.close) await handlers.close();
    } finally {
      process.exit(0);
    }
  });
  process.send({ type: 'ready', info });
}

module.exports = { serve };
