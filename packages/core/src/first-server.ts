import * as diagnosticsChannel from 'node:diagnostics_channel';
import * as net from 'node:net';
import { METRICS_ENDPOINT } from './endpoint';
import { log } from './log';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;

/** Marks nodeprom's other servers (a multi-process member's socket): not the app's first server. */
const NODEPROM_SERVER = Symbol.for('nodeprom.server');

/** Marks `server` as nodeprom's own, so that its listen() is not taken for the app's first server. */
export function markOwnServer(server: net.Server): void {
  (server as unknown as Record<symbol, boolean>)[NODEPROM_SERVER] = true;
}

function ownServer(server: unknown): boolean {
  const marks = server as { [METRICS_ENDPOINT]?: boolean; [NODEPROM_SERVER]?: boolean } | undefined;
  return marks?.[METRICS_ENDPOINT] === true || marks?.[NODEPROM_SERVER] === true;
}

/** node's channel for each request an http or https server starts. */
const REQUEST_START_CHANNEL = 'http.server.request.start';

/**
 * Calls `onFirstServer` once, when the app first starts a server: the first `listen()` of a server
 * that is not nodeprom's own, before it binds, so that the HTTP layer is running before the server's
 * first request (how the HTTP layer is loaded only by a process that serves, issue 11 §7), and a
 * multi-process member has joined before the app is reachable. A server that never listens (a
 * sticky-session worker, whose sockets come over IPC and reach it through `emit('connection')`) is
 * seen at its first request: `onFirstServer` then gets that request's channel message, which a
 * subscriber it adds would not see (a channel's publish calls the subscribers it had when it began),
 * so that the HTTP layer can record it. Nothing runs per request: `listen` is restored and
 * the channel left at the first call. An exception in `onFirstServer` is logged once and never
 * reaches the app. Returns a function that cancels the watch.
 */
export function onFirstServer(onFirstServer: (firstRequest?: unknown) => void): () => void {
  const prototype = net.Server.prototype as unknown as { listen: Listen };
  const original = prototype.listen;
  let done = false;
  const finish = () => {
    done = true;
    if (prototype.listen === listen) prototype.listen = original;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, onRequest);
  };
  const run = (firstRequest?: unknown) => {
    if (done) return;
    finish();
    try {
      onFirstServer(firstRequest);
    } catch (error) {
      log.errorOnce("loading nodeprom's HTTP layer", error);
    }
  };
  const listen: Listen = function (this: net.Server, ...args: unknown[]) {
    if (!done && !ownServer(this)) run();
    return original.apply(this, args);
  };
  const onRequest = (message: unknown) => {
    if (!ownServer((message as { server?: unknown }).server)) run(message);
  };
  prototype.listen = listen;
  diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, onRequest);
  return finish;
}
