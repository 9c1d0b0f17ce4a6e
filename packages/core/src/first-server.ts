import * as diagnosticsChannel from 'node:diagnostics_channel';
import * as net from 'node:net';
import { METRICS_ENDPOINT } from './endpoint';
import { log } from './log';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;

/** node's channel for each request an http or https server starts. */
const REQUEST_START_CHANNEL = 'http.server.request.start';

/**
 * Calls `onFirstServer` once, when the app first starts a server: the first `listen()` of a server
 * that is not nodeprom's own, before it binds, so that the HTTP layer is running before the server's
 * first request. How the HTTP layer is loaded only by a process that serves (issue 11 §7). A server
 * that never listens (sockets handed to it with `emit('connection')`) is seen at its first request,
 * which comes too early for the layer to record. Nothing runs per request: `listen` is restored and
 * the channel left at the first call. An exception in `onFirstServer` is logged once and never
 * reaches the app. Returns a function that cancels the watch.
 */
export function onFirstServer(onFirstServer: () => void): () => void {
  const prototype = net.Server.prototype as unknown as { listen: Listen };
  const original = prototype.listen;
  let done = false;
  const finish = () => {
    done = true;
    if (prototype.listen === listen) prototype.listen = original;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, onRequest);
  };
  const run = () => {
    if (done) return;
    finish();
    try {
      onFirstServer();
    } catch (error) {
      log.errorOnce("loading nodeprom's HTTP layer", error);
    }
  };
  const listen: Listen = function (this: net.Server, ...args: unknown[]) {
    if (!done && (this as { [METRICS_ENDPOINT]?: boolean })[METRICS_ENDPOINT] !== true) run();
    return original.apply(this, args);
  };
  const onRequest = (message: unknown) => {
    const server = (message as { server?: { [METRICS_ENDPOINT]?: boolean } }).server;
    if (server?.[METRICS_ENDPOINT] !== true) run();
  };
  prototype.listen = listen;
  diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, onRequest);
  return finish;
}
