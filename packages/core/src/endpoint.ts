import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { log } from './log';
import { renderToString, type ScrapeSource } from './scrape-source';
import { ScrapeResponder } from './scrape-responder';
import type { WebAccess } from './web-access';
import { WebAccessReloader } from './web-access-reload';

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
  /** `NODEPROM_WEB_CONFIG_FILE`: TLS and basic auth in the exporter-toolkit format. */
  readonly webConfigFile?: string | undefined;
}

const UNAUTHORIZED_HEADERS = { 'www-authenticate': 'Basic', 'content-type': 'text/plain; charset=utf-8' };

/**
 * nodeprom's own scrape port. nodeprom runs its own server rather than the exporter's so that it
 * can merge families across scopes, negotiate the format, share one body among concurrent scrapes,
 * apply the exporters' web configuration, mark its server for the HTTP layer, and turn a port
 * already in use into a warning instead of an unhandled error.
 */
export class MetricsEndpoint {
  /** Answers a scrape on any server: this port, or the app's own through `metricsHandler()`. */
  readonly responder: ScrapeResponder;
  private server: http.Server | undefined;
  private reloader: WebAccessReloader | undefined;

  constructor(
    private readonly source: ScrapeSource,
    private readonly options: EndpointOptions,
  ) {
    this.responder = new ScrapeResponder(source);
  }

  /** Resolves with the URL served, or undefined when the endpoint could not start (warned). */
  async start(): Promise<string | undefined> {
    let access: WebAccess | undefined;
    const file = this.options.webConfigFile;
    if (file !== undefined) {
      try {
        this.reloader = await WebAccessReloader.load(file, (next) => this.applyAccess(next));
        access = this.reloader.access;
      } catch (error) {
        // Never an open endpoint in place of a protected one.
        log.warn(`metrics endpoint not started: NODEPROM_WEB_CONFIG_FILE=${file} is not usable: ${(error as Error).message}. It accepts the web configuration file of Prometheus's exporters (tls_server_config, basic_auth_users, http_server_config). The app keeps running without a scrape endpoint.`);
        return undefined;
      }
      for (const note of access.ignored) log.warn(`NODEPROM_WEB_CONFIG_FILE=${file}: ${note}.`);
    }
    const server = this.createServer(access);
    this.server = server;
    return new Promise((resolve) => {
      const onError = (error: NodeJS.ErrnoException) => {
        const reason = error.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${error.code ?? error.message})`;
        log.warn(`metrics endpoint not started: ${this.options.host}:${this.options.port} ${reason}. Set NODEPROM_PORT to a free port; the app keeps running without a scrape endpoint.`);
        resolve(undefined);
      };
      server.once('error', onError);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', onError);
        server.on('error', (error) => log.errorOnce('metrics endpoint', error));
        const { port } = server.address() as AddressInfo;
        const host = this.options.host === '0.0.0.0' || this.options.host === '::' ? 'localhost' : this.options.host;
        const scheme = access?.tls ? 'https' : 'http';
        const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${port}${this.options.path}`;
        log.info(`serving metrics at ${url}${access?.auth ? ' (basic auth)' : ''}`);
        resolve(url);
      });
    });
  }

  /** A re-read configuration: new certificates and client policy for new connections, new users and headers at once. */
  private applyAccess(next: WebAccess): void {
    const server = this.server;
    if (next.tls === undefined || !(server instanceof https.Server)) return;
    server.setSecureContext(next.tls.options);
    const settable = server as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
    settable.requestCert = next.tls.options.requestCert === true;
    settable.rejectUnauthorized = next.tls.options.rejectUnauthorized !== false;
  }

  private createServer(access: WebAccess | undefined): http.Server {
    const handler = this.requestHandler();
    let server: http.Server;
    if (access?.tls) {
      server = https.createServer(access.tls.options, handler);
      // Runs after the handshake and before any request on the connection is read.
      server.on('secureConnection', (socket: TLSSocket) => {
        const acceptsClient = this.reloader?.access.tls?.acceptsClient;
        if (acceptsClient === undefined || acceptsClient(socket)) return;
        log.debug(`metrics endpoint: closed a TLS connection from ${socket.remoteAddress}: its client certificate does not meet tls_server_config`);
        socket.destroy();
      });
      // A failed handshake (no or bad client certificate, no common cipher) is the client's problem.
      server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
        log.debug(`metrics endpoint: TLS handshake from ${socket.remoteAddress} failed (${error.code ?? error.message})`);
      });
    } else {
      server = http.createServer(handler);
    }
    (server as unknown as Record<symbol, boolean>)[METRICS_ENDPOINT] = true;
    // The endpoint must never keep an app alive that would otherwise exit.
    server.unref();
    return server;
  }

  private requestHandler(): http.RequestListener {
    const route = (request: http.IncomingMessage, response: http.ServerResponse) => this.route(request, response);
    return (request, response) => {
      const reloader = this.reloader;
      if (reloader === undefined) return route(request, response);
      reloader.maybeCheck();
      const { headers, auth } = reloader.access;
      for (const name in headers) response.setHeader(name, headers[name]!);
      if (auth === undefined) return route(request, response);
      const verdict = auth.check(request.headers.authorization);
      if (verdict === true) return route(request, response);
      if (verdict === false) return unauthorized(response);
      verdict.then(
        (ok) => (ok ? route(request, response) : unauthorized(response)),
        (error: unknown) => {
          log.errorOnce('checking basic auth', error);
          unauthorized(response);
        },
      );
    };
  }

  private route(request: http.IncomingMessage, response: http.ServerResponse): void {
    const url = request.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (path !== this.options.path) {
      response.writeHead(404, { 'content-type': 'text/plain' }).end(`Not found: metrics are at ${this.options.path}\n`);
      return;
    }
    this.responder.respond(request, response);
  }

  /** The exposition text, as a scrape returns it. */
  scrape(): Promise<string> {
    return renderToString(this.source);
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      const server = this.server;
      if (server === undefined || !server.listening) return resolve();
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

function unauthorized(response: http.ServerResponse): void {
  if (response.destroyed) return;
  response.writeHead(401, UNAUTHORIZED_HEADERS).end('Unauthorized\n');
}
