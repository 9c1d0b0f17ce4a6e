import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ChunkLog, ChunkMemory, LogFollower } from './chunk-log';
import { log } from './log';
import { acceptsGzip, negotiateFormat } from './negotiate';
import { DEFAULT_BODY_LIMITS, ScrapeBody, type BodyLimits } from './scrape-body';
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

let responders = 0;

/**
 * Answers scrape requests, on nodeprom's own port or mounted in the app (`metricsHandler()`):
 * method, content negotiation, gzip, and one shared body. A scrape that arrives while a body of
 * its format is being built attaches to it (it gets the chunks already made, then the rest), while
 * the body's first megabytes are still held (see ScrapeBody); a scrape of the other format, or one
 * that comes later, waits until that body is built and shares the next. So at most one body is
 * built at a time, twenty concurrent scrapes cost one collection, and the chunks held are bounded
 * by `limits` (the attach window, then the lead over the slowest reader), the same for one
 * scrape as for twenty.
 */
export class ScrapeResponder {
  /** Bytes of body chunks held now, and the most ever held at once (for tests and diagnostics). */
  readonly chunkMemory: ChunkMemory = { held: 0, peak: 0 };
  private readonly formats: readonly ExpositionFormat[];
  /** How bodies hold their chunks: `DEFAULT_BODY_LIMITS` unless the constructor was given others. */
  readonly limits: BodyLimits;
  private current: ScrapeBody | undefined;
  private waiting: Waiting[] = [];
  private readonly onBuilt = (body: ScrapeBody) => this.built(body);
  /** The key of the warning about a stalled client: once per responder (an app has one or two). */
  private readonly stallWarning = `stalled scrape ${++responders}`;

  /** `limits`: to change `DEFAULT_BODY_LIMITS` (tests). */
  constructor(
    private readonly source: ScrapeSource,
    limits: Partial<BodyLimits> = {},
  ) {
    this.formats = sourceFormats(source);
    this.limits = { ...DEFAULT_BODY_LIMITS, ...limits };
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
    this.bodyFor(format, (body) =>
      new ResponseFeed(body, gzip ? body.gzipLog() : body.raw, !gzip, response, headers, this.stallWarning).start(),
    );
  }

  private bodyFor(format: ExpositionFormat, attach: (body: ScrapeBody) => void): void {
    const current = this.current;
    if (current === undefined) {
      this.current = this.newBody(format);
      attach(this.current);
    } else if (current.format === format && current.attachable) {
      attach(current);
    } else {
      this.waiting.push({ format, attach });
    }
  }

  private newBody(format: ExpositionFormat): ScrapeBody {
    return new ScrapeBody(format, this.source, this.onBuilt, this.limits, this.chunkMemory);
  }

  /** The body being built is complete: the next format in line gets its turn. */
  private built(body: ScrapeBody): void {
    if (this.current !== body) return;
    this.current = undefined;
    const first = this.waiting[0];
    if (first === undefined) return;
    const ready = this.waiting.filter((entry) => entry.format === first.format);
    this.waiting = this.waiting.filter((entry) => entry.format !== first.format);
    const next = this.newBody(first.format);
    this.current = next;
    for (const entry of ready) entry.attach(next);
  }
}

const FAILED_HEADERS: OutgoingHttpHeaders = { 'content-type': 'text/plain; charset=utf-8' };

/** Writes one body to one response, as fast as its socket takes it and no faster. */
class ResponseFeed implements LogFollower {
  position = 0;
  taken = 0;
  private draining = false;
  private closed = false;
  /** Raw chunks written whose write has not completed, oldest first (write callbacks come in order). */
  private readonly inFlight: Buffer[] = [];
  private readonly onWritten = () => {
    const chunk = this.inFlight.shift();
    if (chunk !== undefined) this.body.release(chunk);
  };
  private readonly onDrain = () => {
    this.draining = false;
    this.wake();
  };
  private readonly onClose = () => this.close();

  constructor(
    private readonly body: ScrapeBody,
    private readonly chunks: ChunkLog,
    /** Whether the chunks are the body's raw ones, whose pieces are reused once written. */
    private readonly raw: boolean,
    private readonly response: ServerResponse,
    private readonly headers: OutgoingHttpHeaders,
    private readonly stallWarning: string,
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
    if (chunks.failed) {
      this.chunks.unfollow(this);
      if (response.headersSent) response.destroy();
      else response.writeHead(500, FAILED_HEADERS).end('nodeprom could not collect metrics; see the app log\n');
      return;
    }
    if (chunks.hasNext(this)) {
      if (!response.headersSent) response.writeHead(200, this.headers);
      // No cork around these writes: while a response is corked, node 22 and later buffer its
      // chunks in the response itself, and a write that returns false there is followed by no
      // 'drain' (the response never hears that its socket drained), so the body would wait forever.
      let room: boolean;
      do {
        const chunk = chunks.take(this);
        if (this.raw) {
          this.body.retain(chunk);
          this.inFlight.push(chunk);
          room = response.write(chunk, this.onWritten);
        } else {
          room = response.write(chunk);
        }
      } while (room && chunks.hasNext(this));
      if (!room) {
        this.draining = true;
        response.once('drain', this.onDrain);
        chunks.advanced();
        return;
      }
    }
    if (chunks.done && !chunks.hasNext(this)) {
      this.chunks.unfollow(this);
      if (!response.headersSent) response.writeHead(200, this.headers);
      response.end();
    } else {
      chunks.advanced();
    }
  }

  /** The body waited on this response too long while it took nothing: cut it short. */
  drop(): void {
    log.warnOnce(
      this.stallWarning,
      'a scrape client read nothing for too long while others waited on the same body; its response was cut short.',
    );
    this.close();
    this.response.destroy();
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.chunks.unfollow(this);
    this.response.off('drain', this.onDrain);
    this.body.removeConsumer();
  }
}
