import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ChunkLog, LogFollower } from './chunk-log';
import { acceptsGzip, negotiateFormat } from './negotiate';
import { ScrapeBody } from './scrape-body';
import { EXPOSITION_CONTENT_TYPES, sourceFormats, type ExpositionFormat, type ScrapeSource } from './scrape-source';

/**
 * Marks a response as a scrape, so that the HTTP layer leaves it out of the HTTP metrics (checked
 * once, when the request ends). A registry symbol, the same in every copy of core.
 */
export const METRICS_RESPONSE = Symbol.for('nodeprom.metrics-response');

interface Waiting {
  readonly format: ExpositionFormat;
  readonly attach: (body: ScrapeBody) => void;
}

function headersFor(format: ExpositionFormat, gzip: boolean): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {
    'content-type': EXPOSITION_CONTENT_TYPES[format],
    vary: 'Accept, Accept-Encoding',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  return headers;
}

/** Built once: the four header sets a scrape can answer with. */
const HEADERS: Readonly<Record<ExpositionFormat, readonly [OutgoingHttpHeaders, OutgoingHttpHeaders]>> = {
  prometheus: [headersFor('prometheus', false), headersFor('prometheus', true)],
  openmetrics: [headersFor('openmetrics', false), headersFor('openmetrics', true)],
};

/**
 * Answers scrape requests, on nodeprom's own port or mounted in the app (`metricsHandler()`):
 * method, content negotiation, gzip, and one shared body. A scrape that arrives while a body of
 * its format is being built attaches to it (it gets the chunks already made, then the rest), while
 * the body's first megabytes are still held (see ScrapeBody); a scrape of the other format, or one
 * that comes later, waits until that body is built and shares the next. So at most one body is built at a
 * time, and twenty concurrent scrapes cost one collection.
 */
export class ScrapeResponder {
  private readonly formats: readonly ExpositionFormat[];
  private current: ScrapeBody | undefined;
  private waiting: Waiting[] = [];
  private readonly onBuilt = (body: ScrapeBody) => this.built(body);

  constructor(private readonly source: ScrapeSource) {
    this.formats = sourceFormats(source);
  }

  respond(request: IncomingMessage, response: ServerResponse): void {
    (response as ServerResponse & { [METRICS_RESPONSE]?: boolean })[METRICS_RESPONSE] = true;
    const method = request.method;
    if (method !== 'GET' && method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const format = negotiateFormat(request.headers.accept, this.formats);
    const gzip = acceptsGzip(request.headers['accept-encoding']);
    const headers = HEADERS[format][gzip ? 1 : 0];
    if (method === 'HEAD') {
      response.writeHead(200, headers).end();
      return;
    }
    this.bodyFor(format, (body) => new ResponseFeed(body, gzip ? body.gzipLog() : body.raw, response, headers).start());
  }

  private bodyFor(format: ExpositionFormat, attach: (body: ScrapeBody) => void): void {
    const current = this.current;
    if (current === undefined) {
      this.current = new ScrapeBody(format, this.source, this.onBuilt);
      attach(this.current);
    } else if (current.format === format && current.attachable) {
      attach(current);
    } else {
      this.waiting.push({ format, attach });
    }
  }

  /** The body being built is complete: the next format in line gets its turn. */
  private built(body: ScrapeBody): void {
    if (this.current !== body) return;
    this.current = undefined;
    const first = this.waiting[0];
    if (first === undefined) return;
    const ready = this.waiting.filter((entry) => entry.format === first.format);
    this.waiting = this.waiting.filter((entry) => entry.format !== first.format);
    const next = new ScrapeBody(first.format, this.source, this.onBuilt);
    this.current = next;
    for (const entry of ready) entry.attach(next);
  }
}

const FAILED_HEADERS: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8' };

/** Writes one body to one response, as fast as its socket takes it and no faster. */
class ResponseFeed implements LogFollower {
  position = 0;
  private draining = false;
  private closed = false;
  private readonly onDrain = () => {
    this.draining = false;
    this.wake();
  };
  private readonly onClose = () => this.close();

  constructor(
    private readonly body: ScrapeBody,
    private readonly chunks: ChunkLog,
    private readonly response: ServerResponse,
    private readonly headers: OutgoingHttpHeaders,
  ) {}

  start(): void {
    this.body.addConsumer();
    if (this.response.destroyed) {
      // The client left while this scrape waited for its turn.
      this.close();
      return;
    }
    this.chunks.follow(this);
    this.response.once('close', this.onClose);
    this.wake();
  }

  wake(): void {
    if (this.closed || this.draining) return;
    const response = this.response;
    const chunks = this.chunks;
    while (this.position < chunks.end) {
      if (!response.headersSent) response.writeHead(200, this.headers);
      if (!response.write(chunks.at(this.position++))) {
        this.draining = true;
        response.once('drain', this.onDrain);
        return;
      }
    }
    if (this.chunks.failed) {
      this.chunks.unfollow(this);
      if (response.headersSent) response.destroy();
      else response.writeHead(500, FAILED_HEADERS).end('nodeprom could not collect metrics; see the app log\n');
    } else if (this.chunks.done) {
      this.chunks.unfollow(this);
      if (!response.headersSent) response.writeHead(200, this.headers);
      response.end();
    } else {
      this.chunks.demand();
    }
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.chunks.unfollow(this);
    this.response.off('drain', this.onDrain);
    this.body.removeConsumer();
  }
}
