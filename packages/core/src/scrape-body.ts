import * as zlib from 'node:zlib';
import { ChunkLog, type ChunkMemory, type LogFollower } from './chunk-log';
import { log } from './log';
import type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';

/** How a responder's bodies hold their chunks; see `DEFAULT_BODY_LIMITS`. */
export interface BodyLimits {
  /**
   * Responses may attach to a body until its first `attachWindowBytes` are made (they get those,
   * then the rest); after that a scrape waits for the next body. Every chunk is held until then,
   * so that a burst of concurrent scrapes (which arrive together) shares one collection.
   */
  readonly attachWindowBytes: number;
  /** How far a body is made ahead of its slowest reader (raw and gzip each). */
  readonly leadBytes: number;
  /** A reader that takes nothing for this long while the body waits on it is cut off. */
  readonly stalledReaderMs: number;
}

/**
 * 2 MiB of attach window: tens of milliseconds of writing at least (32 pieces, one per loop
 * turn), far longer than a burst of scrapes takes to arrive. 1 MiB of lead: 16 pieces of slack
 * between the fastest and the slowest reader. So a body of any size holds at most about 3 MiB
 * (plus its gzip encoding's lead), for one scrape as for twenty. 5 s for a stalled reader: half of
 * Prometheus's default scrape timeout, far longer than a healthy client pauses.
 */
export const DEFAULT_BODY_LIMITS: BodyLimits = Object.freeze({
  attachWindowBytes: 2 * 1024 * 1024,
  leadBytes: 1024 * 1024,
  stalledReaderMs: 5000,
});

/**
 * One scrape body, built once and shared by every response attached to it.
 *
 * The renderer is pulled one piece at a time, with `setImmediate` between pieces, so that the app's
 * own requests run between them however large the body is; and only while the body is less than
 * `leadBytes` ahead of its slowest reader (a response's socket, or the gzip stream), so that the
 * chunks held stay bounded however many responses read it and however unevenly. Each piece
 * becomes a Buffer once, written to every response as is. gzip runs once per body, in node's zlib
 * thread pool, fed from the same chunks.
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

  /**
   * `onBuilt` runs once, when the renderer is exhausted, fails, or nobody reads the body any more.
   * `memory` counts the bytes of chunks held (the responder's, across its bodies).
   */
  constructor(
    readonly format: ExpositionFormat,
    source: ScrapeSource,
    private readonly onBuilt: (body: ScrapeBody) => void,
    private readonly limits: BodyLimits,
    private readonly memory: ChunkMemory,
  ) {
    this.raw = this.log(() => this.want());
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
    const gzip = zlib.createGzip();
    // The gzip readers want more: the feeder gives zlib more raw chunks (never asked before it exists).
    const gzipped = this.log(() => feeder.wake());
    gzip.on('data', (chunk: Buffer) => gzipped.push(chunk));
    gzip.on('end', () => gzipped.finish());
    gzip.on('error', (error) => {
      if (!this.disposed) log.errorOnce('compressing a scrape', error);
      gzipped.fail();
    });
    const feeder = new GzipFeeder(this.raw, gzipped, gzip);
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

  private log(onDemand: () => void): ChunkLog {
    const { leadBytes, stalledReaderMs } = this.limits;
    return new ChunkLog({ onDemand, leadBytes, stalledReaderMs, memory: this.memory });
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
      if (this.raw.bytes >= this.limits.attachWindowBytes) this.seal();
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

/**
 * Feeds the raw chunks into the gzip stream at the pace zlib takes them, while the gzip log has
 * room (is less than its lead ahead of its slowest reader).
 */
class GzipFeeder implements LogFollower {
  position = 0;
  taken = 0;
  private draining = false;
  private readonly onDrain = () => {
    this.draining = false;
    this.wake();
  };

  constructor(
    private readonly raw: ChunkLog,
    private readonly gzipped: ChunkLog,
    private readonly gzip: zlib.Gzip,
  ) {}

  wake(): void {
    if (this.draining || this.gzip.destroyed) return;
    const raw = this.raw;
    while (raw.hasNext(this) && this.gzipped.hasRoom()) {
      if (!this.gzip.write(raw.take(this))) {
        this.draining = true;
        this.gzip.once('drain', this.onDrain);
        break;
      }
    }
    if (raw.failed) {
      raw.unfollow(this);
      this.gzip.destroy();
    } else if (raw.done && !raw.hasNext(this)) {
      raw.unfollow(this);
      this.gzip.end();
    } else {
      raw.advanced();
    }
  }
}
