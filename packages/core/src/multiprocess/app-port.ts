import * as http from 'node:http';
import type * as https from 'node:https';
import * as net from 'node:net';
import type { MetricsEndpoint } from '../endpoint';
import { log } from '../log';

type Listen = (this: net.Server, ...args: unknown[]) => net.Server;

function requestedPort(args: readonly unknown[]): number | undefined {
  const first = args[0];
  if (typeof first === 'number') return first;
  if (typeof first === 'string' && /^\d+$/.test(first)) return Number(first);
  if (first !== null && typeof first === 'object' && !('_handle' in first) && !('fd' in first)) {
    const port = (first as { port?: unknown }).port;
    if (typeof port === 'number') return port;
    if (typeof port === 'string' && /^\d+$/.test(port)) return Number(port);
  }
  return undefined;
}

/**
 * The app's own port wins. When the app listens on the port nodeprom holds (NODEPROM_PORT set to
 * the app's port, or the app starting after nodeprom took 9464), nodeprom releases its port just
 * before the app binds it, so the app never fails with EADDRINUSE, and answers the scrape path on
 * the app's HTTP server instead: requests to NODEPROM_PATH are served by nodeprom, every other
 * request reaches the app unchanged. A non-HTTP server gets the port and nodeprom stops serving
 * (one warning). Checked once per `listen` call: nothing on the request path of other servers.
 */
export function yieldPortToApp(endpoint: MetricsEndpoint, path: string, onYield: () => void): () => void {
  const prototype = net.Server.prototype as unknown as { listen: Listen };
  const original = prototype.listen;
  let yielded = false;
  const listen: Listen = function (this: net.Server, ...args: unknown[]) {
    const ours = endpoint.port;
    if (!yielded && ours !== undefined && ours !== 0 && !endpoint.owns(this)) {
      let port: number | undefined;
      try {
        port = requestedPort(args);
      } catch {
        port = undefined;
      }
      if (port === ours) {
        yielded = true;
        onYield();
        // close() releases the listening socket synchronously: the app's bind below succeeds.
        void endpoint.close();
        // node:https is loaded here only, when the app takes the port: an https server's app has loaded it.
        if (this instanceof http.Server || this instanceof (require('node:https') as typeof https).Server) {
          mountOn(this, endpoint, path);
          log.info(
            `the app listens on port ${port}, nodeprom's metrics port: nodeprom released it and serves ${path} on the app's server.`,
          );
        } else {
          log.warn(
            `the app listens on port ${port}, NODEPROM_PORT: nodeprom released it and serves no endpoint. Set NODEPROM_PORT to another port.`,
          );
        }
      }
    }
    return original.apply(this, args);
  };
  prototype.listen = listen;
  return () => {
    if (prototype.listen === listen) prototype.listen = original;
  };
}

function mountOn(server: net.Server, endpoint: MetricsEndpoint, path: string): void {
  // emit's overloads (one per event) cannot be named as one signature; this is the untyped one.
  const emit = server.emit as (this: net.Server, event: string | symbol, ...args: unknown[]) => boolean;
  server.emit = function (this: net.Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      const url = request.url ?? '/';
      const query = url.indexOf('?');
      if ((query === -1 ? url : url.slice(0, query)) === path) {
        endpoint.responder.respond(request, args[1] as http.ServerResponse);
        return true;
      }
    }
    return emit.call(this, event, ...args);
  } as typeof server.emit;
}
