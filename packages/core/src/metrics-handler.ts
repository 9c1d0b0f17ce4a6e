import type { IncomingMessage, ServerResponse } from 'node:http';
import { log } from './log';

/** Where `registerInstrumentations` keeps the running instance (see register.ts). */
const ACTIVE = Symbol.for('nodeprom.handle');

interface RunningHandle {
  serveMetrics?(request: IncomingMessage, response: ServerResponse): void;
}

/** The parts of fastify's request and reply the handler uses. */
interface FrameworkRequest {
  readonly raw: IncomingMessage;
}
interface FrameworkReply {
  readonly raw: ServerResponse;
  hijack(): unknown;
}

/**
 * A request handler that answers a scrape: `(req, res)` for node:http and express, `(request,
 * reply)` for fastify. A third argument (express's `next`) is accepted and never called: the
 * handler always answers.
 */
export type MetricsRequestHandler = (
  request: IncomingMessage | FrameworkRequest,
  response: ServerResponse | FrameworkReply,
  next?: unknown,
) => void;

function isFrameworkReply(response: ServerResponse | FrameworkReply): response is FrameworkReply {
  return (
    typeof (response as Partial<FrameworkReply>).hijack === 'function' &&
    (response as Partial<FrameworkReply>).raw !== undefined
  );
}

const UNAVAILABLE_HEADERS = { 'content-type': 'text/plain; charset=utf-8' };

/**
 * The scrape endpoint as a handler for the app's own server (django-prometheus's `metrics_view`):
 * `app.get('/metrics', metricsHandler())` in express, `fastify.get('/metrics', metricsHandler())`,
 * or `(req, res) => handler(req, res)` with node:http. Same negotiation, gzip and shared bodies as
 * nodeprom's own port, and the HTTP layer leaves these requests out of the HTTP metrics. It serves
 * whichever nodeprom instance is running when a request comes (started by the preload or by
 * `registerInstrumentations`), so it can be created before nodeprom starts.
 */
export function metricsHandler(): MetricsRequestHandler {
  return function nodepromMetrics(request, response) {
    let req: IncomingMessage;
    let res: ServerResponse;
    if (isFrameworkReply(response)) {
      // fastify: take the raw response over, so fastify neither serializes nor sends a second reply.
      response.hijack();
      req = (request as FrameworkRequest).raw;
      res = response.raw;
    } else {
      req = request as IncomingMessage;
      res = response;
    }
    const handle = (globalThis as { [ACTIVE]?: RunningHandle })[ACTIVE];
    if (handle?.serveMetrics === undefined) {
      log.warnOnce(
        'metricsHandler without nodeprom',
        'metricsHandler() got a scrape, but nodeprom is not running: start the app with --require @nodeprom/auto-register or call registerInstrumentations() first. Answering 503.',
      );
      res.writeHead(503, UNAVAILABLE_HEADERS).end('nodeprom is not running\n');
      return;
    }
    handle.serveMetrics(req, res);
  };
}
