import * as http from 'node:http';
import type * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { log } from './log';
import { renderToString, type ScrapeSource } from './scrape-source';
import type { ScrapeResponder } from './scrape-responder';
import type { WebAccess } from './web-access';
import type { WebAccessReloader } from './web-access-reload';

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
  private answering: ScrapeResponder | undefined;
  private server: http.Server | undefined;
  private prepared: Promise<{ server: http.Server; access: WebAccess | undefined } | undefined> | undefined;
  private reloader: WebAccessReloader | undefined;

  constructor(
    private readonly source: ScrapeSource,
    private readonly options: EndpointOptions,
  ) {}

  /**
   * Answers a scrape on any server: this port, or the app's own through `metricsHandler()`. Made
   * by the first scrape: what answers it (negotiation, gzip, the shared body) is not loaded at
   * start-up, which every preloaded process pays for (issue 11 §7).
   */
  get responder(): ScrapeResponder {
    if (this.answering !== undefined) return this.answering;
    const { ScrapeResponder } = require('./scrape-responder') as typeof import('./scrape-responder');
    this.answering = new ScrapeResponder(this.source);
    return this.answering;
  }

  /** Resolves with the URL served, or undefined when the endpoint could not start (warned). */
  async start(): Promise<string | undefined> {
    const outcome = await this.listen(this.options.port, false);
    if (outcome === undefined || typeof outcome === 'string') return outcome;
    const reason =
      outcome.code === 'EADDRINUSE' ? 'is already in use' : `cannot be bound (${outcome.code ?? outcome.message})`;
    log.warn(
      `metrics endpoint not started: ${this.options.host}:${this.options.port} ${reason}. ${bindAdvice(outcome.code)}; the app keeps running without a scrape endpoint.`,
    );
    return undefined;
  }

  /**
   * Binds `port`; resolves with the URL served or the bind error (not logged), or undefined when
   * the web configuration is unusable (warned once; never an open endpoint instead). `exclusive`: a
   * cluster worker binds the port itself instead of sharing the primary's (the processes of a
   * multi-process service elect the one that serves by who holds the port). Callable again after
   * a failure.
   */
  listen(port: number, exclusive: boolean): Promise<string | NodeJS.ErrnoException | undefined> {
    // Without a web configuration the server is made and bound at once, in the caller's tick: an
    // app's first scrape, right after it starts, must find the port.
    if (this.prepared === undefined && this.options.webConfigFile === undefined) {
      const server = this.createServer(undefined);
      this.server = server;
      this.prepared = Promise.resolve({ server, access: undefined });
      return this.bind(server, undefined, port, exclusive);
    }
    if (this.prepared === undefined) this.prepared = this.prepare();
    return this.prepared.then((prepared) =>
      prepared === undefined ? undefined : this.bind(prepared.server, prepared.access, port, exclusive),
    );
  }

  private bind(
    server: http.Server,
    access: WebAccess | undefined,
    port: number,
    exclusive: boolean,
  ): Promise<string | NodeJS.ErrnoException> {
    return new Promise((resolve) => {
      // Both listeners are removed whichever fires: a process that retries every second must not
      // pile up listeners on its server.
      const onError = (error: NodeJS.ErrnoException) => {
        server.off('listening', onListening);
        resolve(error);
      };
      const onListening = () => {
        server.off('error', onError);
        if (server.listenerCount('error') === 0)
          server.on('error', (error) => log.errorOnce('metrics endpoint', error));
        const bound = (server.address() as AddressInfo).port;
        const everyInterface = this.options.host === '0.0.0.0' || this.options.host === '::';
        const host = everyInterface ? 'localhost' : this.options.host;
        const scheme = access?.tls ? 'https' : 'http';
        const url = `${scheme}://${host.includes(':') ? `[${host}]` : host}:${bound}${this.options.path}`;
        // The URL uses localhost for a wildcard address (a URL a person can open), and the line says
        // where the port really listens.
        const where = everyInterface ? ` (listening on every interface, ${this.options.host}:${bound})` : '';
        log.info(`serving metrics at ${url}${where}${access?.auth ? ' (basic auth)' : ''}`);
        resolve(url);
      };
      server.once('error', onError);
      server.once('listening', onListening);
      server.listen({ port, host: this.options.host, exclusive });
    });
  }

  /** The port being served, or undefined when not listening. */
  get port(): number | undefined {
    const server = this.server;
    return server !== undefined && server.listening ? (server.address() as AddressInfo).port : undefined;
  }

  /** Whether `server` is this endpoint's own. */
  owns(server: unknown): boolean {
    return server !== undefined && server === this.server;
  }

  private async prepare(): Promise<{ server: http.Server; access: WebAccess | undefined } | undefined> {
    let access: WebAccess | undefined;
    const file = this.options.webConfigFile;
    if (file !== undefined) {
      try {
        // Loaded only with a web configuration: TLS, bcrypt and YAML are not every process's to pay for.
        const { WebAccessReloader } = require('./web-access-reload') as typeof import('./web-access-reload');
        this.reloader = await WebAccessReloader.load(file, (next) => this.applyAccess(next));
        access = this.reloader.access;
      } catch (error) {
        // Never an open endpoint in place of a protected one.
        log.warn(
          `metrics endpoint not started: NODEPROM_WEB_CONFIG_FILE=${file} is not usable: ${(error as Error).message}. It accepts the web configuration file of Prometheus's exporters (tls_server_config, basic_auth_users, http_server_config). The app keeps running without a scrape endpoint.`,
        );
        return undefined;
      }
      for (const note of access.ignored) log.warn(`NODEPROM_WEB_CONFIG_FILE=${file}: ${note}.`);
    }
    const server = this.createServer(access);
    this.server = server;
    return { server, access };
  }

  /** A re-read configuration: new certificates and client policy for new connections, new users and headers at once. */
  private applyAccess(next: WebAccess): void {
    const server = this.server;
    if (next.tls === undefined || !(server instanceof loadHttps().Server)) return;
    server.setSecureContext(next.tls.options);
    const settable = server as unknown as { requestCert: boolean; rejectUnauthorized: boolean };
    settable.requestCert = next.tls.options.requestCert === true;
    settable.rejectUnauthorized = next.tls.options.rejectUnauthorized !== false;
  }

  private createServer(access: WebAccess | undefined): http.Server {
    const handler = this.requestHandler();
    let server: http.Server;
    if (access?.tls) {
      server = loadHttps().createServer(access.tls.options, handler);
      // Runs after the handshake and before any request on the connection is read.
      server.on('secureConnection', (socket: TLSSocket) => {
        const acceptsClient = this.reloader?.access.tls?.acceptsClient;
        if (acceptsClient === undefined || acceptsClient(socket)) return;
        log.debug(
          `metrics endpoint: closed a TLS connection from ${socket.remoteAddress}: its client certificate does not meet tls_server_config`,
        );
        socket.destroy();
      });
      // A failed handshake (no or bad client certificate, no common cipher) is the client's problem.
      server.on('tlsClientError', (error: NodeJS.ErrnoException, socket: TLSSocket) => {
        log.debug(
          `metrics endpoint: TLS handshake from ${socket.remoteAddress} failed (${error.code ?? error.message})`,
        );
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

/** node:https (and TLS with it), loaded only by an endpoint that serves TLS: a few milliseconds at start-up otherwise. */
function loadHttps(): typeof https {
  return require('node:https') as typeof https;
}

function unauthorized(response: http.ServerResponse): void {
  if (response.destroyed) return;
  response.writeHead(401, UNAUTHORIZED_HEADERS).end('Unauthorized\n');
}

/**
 * The variable to change after a failed bind: an address that cannot be used is NODEPROM_HOST's
 * doing, a port in use or refused is NODEPROM_PORT's.
 */
export function bindAdvice(code: string | undefined): string {
  switch (code) {
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
    case 'EAI_NONAME':
      return 'Set NODEPROM_HOST to an address of this machine';
    default:
      return 'Set NODEPROM_PORT to a free port';
  }
}
