import * as zlib from 'node:zlib';
import { ChunkLog, type LogFollower } from './chunk-log';
import { log } from './log';
import type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';

/**
 * Responses may attach to a body until its first ATTACH_WINDOW_BYTES are made (they get those, then
 * the rest); after that a scrape waits for the next body, and chunks every reader has taken are let
 * go. So a body of any size is held whole only while it is small, and a burst of concurrent scrapes
 * (which arrive together) still shares one collection.
 */
const ATTACH_WINDOW_BYTES = 8 * 1024 * 1024;

/**
 * One scrape body, built once and shared by every response attached to it.
 *
 * The renderer is pulled one piece at a time, with `setImmediate` between pieces, so that the app's
 * own requests run between them however large the body is; and only when a reader (a response
 * whose socket takes more, or the gzip stream) asks for more, so that a body is never produced
 * faster than its fastest reader takes it. Each piece becomes a Buffer once, written to every
 * response as is. gzip runs once per body, in node's zlib thread pool, fed from the same chunks.
 */
export class ScrapeBody {
  readonly raw: ChunkLog;
  private gzipped: ChunkLog | undefined;
  private gzip: zlib.Gzip | undefined;
  private renderer: ExpositionRenderer | undefined;
  private scheduled = false;
  private wanted = false;
  private disposed = false;
  private built = false;
  private sealed = false;
  private consumers = 0;
  private readonly step = () => this.renderNext();

  /** `onBuilt` runs once, when the renderer is exhausted, fails, or nobody reads the body any more. */
  constructor(
    readonly format: ExpositionFormat,
    source: ScrapeSource,
    private readonly onBuilt: (body: ScrapeBody) => void,
  ) {
    this.raw = new ChunkLog(() => this.want());
    let opened: Promise<ExpositionRenderer>;
    try {
      opened = source.open(format);
    } catch (error) {
      opened = Promise.reject(error);
    }
    opened.then(
      (renderer) => {
        if (this.disposed) return;
        this.renderer = renderer;
        if (this.wanted) this.schedule();
      },
      (error: unknown) => this.fail(error),
    );
  }

  /** Whether a response arriving now may still attach to this body. */
  get attachable(): boolean {
    return !this.sealed;
  }

  /** The gzip encoding of this body, started on first use and fed from the chunks already made. */
  gzipLog(): ChunkLog {
    if (this.gzipped !== undefined) return this.gzipped;
    const gzipped = new ChunkLog(() => {});
    const gzip = zlib.createGzip();
    gzip.on('data', (chunk: Buffer) => gzipped.push(chunk));
    gzip.on('end', () => gzipped.finish());
    gzip.on('error', (error) => {
      if (!this.disposed) log.errorOnce('compressing a scrape', error);
      gzipped.fail();
    });
    const feeder = new GzipFeeder(this.raw, gzip);
    this.raw.follow(feeder);
    this.gzipped = gzipped;
    this.gzip = gzip;
    feeder.wake();
    return gzipped;
  }

  addConsumer(): void {
    this.consumers++;
  }

  /** A response is done with the body; the last one to leave releases it, finished or not. */
  removeConsumer(): void {
    if (--this.consumers > 0) return;
    this.disposed = true;
    this.gzip?.destroy();
    this.gzipped?.fail();
    this.raw.fail();
    this.markBuilt();
  }

  private want(): void {
    this.wanted = true;
    if (this.renderer !== undefined) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.disposed) return;
    this.scheduled = true;
    setImmediate(this.step);
  }

  private renderNext(): void {
    this.scheduled = false;
    this.wanted = false;
    if (this.disposed) return;
    let part: string | undefined;
    try {
      part = this.renderer!.next();
    } catch (error) {
      this.fail(error);
      return;
    }
    if (part === undefined) {
      this.renderer = undefined;
      this.raw.finish();
      this.markBuilt();
    } else if (part === '') {
      this.want();
    } else {
      this.raw.push(Buffer.from(part));
      if (this.raw.bytes > ATTACH_WINDOW_BYTES) this.seal();
    }
  }

  private seal(): void {
    if (this.sealed) return;
    this.sealed = true;
    this.raw.seal();
    this.gzipped?.seal();
  }

  private fail(error: unknown): void {
    if (this.disposed) return;
    log.errorOnce('building a scrape', error);
    this.renderer = undefined;
    this.raw.fail();
    this.gzip?.destroy();
    this.gzipped?.fail();
    this.markBuilt();
  }

  private markBuilt(): void {
    if (this.built) return;
    this.built = true;
    this.seal();
    this.onBuilt(this);
  }
}

/** Feeds the raw chunks into the gzip stream at the pace zlib takes them. */
class GzipFeeder implements LogFollower {
  position = 0;
  private draining = false;
  private readonly onDrain = () => {
    this.draining = false;
    this.wake();
  };

  constructor(
    private readonly raw: ChunkLog,
    private readonly gzip: zlib.Gzip,
  ) {}

  wake(): void {
    if (this.draining || this.gzip.destroyed) return;
    const raw = this.raw;
    while (this.position < raw.end) {
      if (!this.gzip.write(raw.at(this.position++))) {
        this.draining = true;
        this.gzip.once('drain', this.onDrain);
        return;
      }
    }
    if (this.raw.failed) {
      this.raw.unfollow(this);
      this.gzip.destroy();
    } else if (this.raw.done) {
      this.raw.unfollow(this);
      this.gzip.end();
    } else {
      this.raw.demand();
    }
  }
}
