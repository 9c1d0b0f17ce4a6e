import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { log } from './log';
import { EXPOSITION_CONTENT_TYPES, renderToString, type ScrapeSource } from './scrape-source';

/**
 * Marks the scrape endpoint's server, so the HTTP layer leaves its requests out of the HTTP
 * metrics. A registry symbol, so that it is the same symbol even when two copies of core load.
 */
export const METRICS_ENDPOINT = Symbol.for('nodeprom.metrics-endpoint');

export interface EndpointOptions {
  readonly host: string;
  readonly port: number;
  readonly path: string;
  readonly prefix: string;
}

const CONTENT_TYPE = EXPOSITION_CONTENT_TYPES.prometheus;

/**
 * Serves the Prometheus scrape. nodeprom runs its own server rather than the exporter's so that it
 * can merge families across scopes before serializing, mark its server for the HTTP layer, and
 * turn a port already in use into a warning instead of an unhandled error.
 */
export class MetricsEndpoint {
  private readonly server: http.Server;

  constructor(
    private readonly source: ScrapeSource,
    private readonly options: EndpointOptions,
  ) {
    this.server = http.createServer((request, response) => this.handle(request, response));
    (this.server as unknown as Record<symbol, boolean>)[METRICS_ENDPOINT] = true;
    // The endpoint must never keep an app alive that would otherwise exit.
    this.server.unref();
  }

  /** Resolves with the URL served, or undefined when the port could not be bound (warned). */
  async start(): Promise<string | undefined> {
    const outcome = await this.listen(this.options.port, false);
    if (typeof outcome !== 'string') {
      const reason = outcome.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${outcome.code ?? outcome.message})`;
      log.warn(`metrics endpoint not started: ${this.options.host}:${this.options.port} ${reason}. Set NODEPROM_PORT to a free port; the app keeps running without a scrape endpoint.`);
      return undefined;
    }
    return outcome;
  }

  /**
   * Binds `port`; resolves with the URL served or the bind error, without logging. `exclusive`: a
   * cluster worker binds the port itself instead of sharing the primary's (multi-process services
   * elect the process that serves by who holds the port).
   */
  listen(port: number, exclusive: boolean): Promise<string | NodeJS.ErrnoException> {
    return new Promise((resolve) => {
      // Both listeners are removed whichever fires: a process that retries every second must not
      // pile up listeners on its server.
      const onError = (error: NodeJS.ErrnoException) => {
        this.server.off('listening', onListening);
        resolve(error);
      };
      const onListening = () => {
        this.server.off('error', onError);
        if (this.server.listenerCount('error') === 0) this.server.on('error', (error) => log.errorOnce('metrics endpoint', error));
        const bound = (this.server.address() as AddressInfo).port;
        const host = this.options.host === '0.0.0.0' || this.options.host === '::' ? 'localhost' : this.options.host;
        const url = `http://${host.includes(':') ? `[${host}]` : host}:${bound}${this.options.path}`;
        log.info(`serving metrics at ${url}`);
        resolve(url);
      };
      this.server.once('error', onError);
      this.server.once('listening', onListening);
      this.server.listen({ port, host: this.options.host, exclusive });
    });
  }

  /** The port being served, or undefined when not listening. */
  get port(): number | undefined {
    return this.server.listening ? (this.server.address() as AddressInfo).port : undefined;
  }

  /** Whether `server` is this endpoint's own. */
  owns(server: unknown): boolean {
    return server === this.server;
  }

  /** The exposition text, as a scrape returns it. */
  scrape(): Promise<string> {
    return renderToString(this.source);
  }

  /** Answers one request: the scrape at `path`, 404 elsewhere, 405 for methods other than GET and HEAD. */
  handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path !== this.options.path) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: metrics are at ${this.options.path}\n`);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    this.scrape().then(
      (body) => {
        response.writeHead(200, { 'content-type': CONTENT_TYPE });
        response.end(request.method === 'HEAD' ? undefined : body);
      },
      (error: unknown) => {
        log.errorOnce('serving a scrape', error);
        response.writeHead(500, { 'content-type': 'text/plain' }).end('nodeprom could not collect metrics; see the app log\n');
      },
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }
}
