import { performance } from 'node:perf_hooks';
import * as zlib from 'node:zlib';
import { ChunkLog, type ChunkMemory, type LogFollower } from './chunk-log';
import { log } from './log';
import { givePiece } from './piece-pool';
import type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';

/** How a responder's bodies hold their chunks; see `DEFAULT_BODY_LIMITS`. */
export interface BodyLimits {
  /**
   * Responses may attach to a body until its first `attachWindowBytes` are made and
   * `attachWindowMs` have passed since it was opened, whichever comes later (they get the chunks
   * made so far, then the rest); after that a scrape waits for the next body. Every chunk is held
   * until then, and the body is not made past `attachWindowBytes` before then, so that a burst of
   * concurrent scrapes (which arrive within milliseconds) shares one collection and the memory of
   * one.
   */
  readonly attachWindowBytes: number;
  readonly attachWindowMs: number;
  /** How far a body is made ahead of its slowest reader (raw and gzip each). */
  readonly leadBytes: number;
  /** A reader that takes nothing for this long while the body waits on it is cut off. */
  readonly stalledReaderMs: number;
}

/**
 * An attach window of 2 MiB and 50 ms: a burst of scrapes takes a few milliseconds to arrive
 * (tens on a loaded machine); a body that large waits at most 50 ms for it. 1 MiB of lead: eight
 * pieces of slack between the fastest and the slowest reader. So a body of any size holds at most about 3 MiB (plus its gzip
 * encoding's lead), for one scrape as for twenty. 5 s for a stalled reader: half of Prometheus's
 * default scrape timeout, far longer than a healthy client pauses.
 */
export const DEFAULT_BODY_LIMITS: BodyLimits = Object.freeze({
  attachWindowBytes: 2 * 1024 * 1024,
  attachWindowMs: 50,
  leadBytes: 1024 * 1024,
  stalledReaderMs: 5000,
});

/**
 * One scrape body, built once and shared by every response attached to it.
 *
 * The renderer is pulled one piece at a time, with `setImmediate` between pieces, so that the app's
 * own requests run between them however large the body is; and only while the body is less than
 * `leadBytes` ahead of its slowest reader (a response's socket, or the gzip stream), so that the
 * chunks held stay bounded however many responses read it and however unevenly. Each piece is a
 * Buffer (the writer's own, or a string encoded once), written to every response as is; the
 * writer's pieces go back to the piece pool once the log and every write are done with them.
 * gzip runs once per body, in node's zlib thread pool, fed from the same chunks.
 */
export class ScrapeBody {
  readonly raw: ChunkLog;
  private gzipped: ChunkLog | undefined;
  private gzip: zlib.Gzip | undefined;
  private renderer: ExpositionRenderer | undefined;
  private scheduled = false;
  /** The attach window's bytes are made, its time is not over: no more pieces until it is. */
  private holding: NodeJS.Timeout | undefined;
  private readonly openedAt = performance.now();
  private wanted = false;
  private disposed = false;
  private built = false;
  private sealed = false;
  private consumers = 0;
  /**
   * Holders of each raw chunk beyond the log itself (writes not yet completed). Weak: a chunk
   * whose write callback never comes is collected like any Buffer, never reused.
   */
  private readonly refs = new WeakMap<Buffer, number>();
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
    const { leadBytes, stalledReaderMs } = limits;
    this.raw = new ChunkLog({
      onDemand: () => this.want(),
      leadBytes,
      stalledReaderMs,
      memory,
      onRelease: (chunk) => this.release(chunk),
    });
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
    const { leadBytes, stalledReaderMs } = this.limits;
    const gzipped = new ChunkLog({ onDemand: () => feeder.wake(), leadBytes, stalledReaderMs, memory: this.memory });
    gzip.on('data', (chunk: Buffer) => gzipped.push(chunk));
    gzip.on('end', () => gzipped.finish());
    gzip.on('error', (error) => {
      if (!this.disposed) log.errorOnce('compressing a scrape', error);
      gzipped.fail();
    });
    const feeder = new GzipFeeder(this, gzipped, gzip);
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

  /** A reader is about to write `chunk` (a raw chunk) somewhere that reads it later: it is not to be reused until `release`. */
  retain(chunk: Buffer): void {
    this.refs.set(chunk, (this.refs.get(chunk) ?? 1) + 1);
  }

  /** One holder of a raw chunk is done with it (the log, or a write that has completed); the last gives its piece back. */
  release(chunk: Buffer): void {
    const refs = (this.refs.get(chunk) ?? 1) - 1;
    if (refs > 0) {
      this.refs.set(chunk, refs);
    } else {
      this.refs.delete(chunk);
      givePiece(chunk);
    }
  }

  private want(): void {
    this.wanted = true;
    if (this.renderer !== undefined) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.disposed || this.holding !== undefined) return;
    this.scheduled = true;
    setImmediate(this.step);
  }

  private renderNext(): void {
    this.scheduled = false;
    if (this.disposed) return;
    if (this.holding !== undefined) {
      this.wanted = true;
      return;
    }
    this.wanted = false;
    let part: string | Buffer | undefined;
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
    } else if (part.length === 0) {
      this.want();
    } else {
      this.raw.push(typeof part === 'string' ? Buffer.from(part) : part);
      if (this.raw.bytes >= this.limits.attachWindowBytes && !this.sealed) this.closeWindow();
    }
  }

  /** The window's bytes are made: it closes now, or when its time is over (nothing more is made until then). */
  private closeWindow(): void {
    const left = this.limits.attachWindowMs - (performance.now() - this.openedAt);
    if (left <= 0) {
      this.seal();
      return;
    }
    if (this.holding !== undefined) return;
    this.holding = setTimeout(() => {
      this.holding = undefined;
      this.seal();
      if (this.wanted) this.schedule();
    }, left);
  }

  private seal(): void {
    if (this.holding !== undefined) {
      clearTimeout(this.holding);
      this.holding = undefined;
    }
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
  private readonly raw: ChunkLog;
  /** Chunks zlib has not consumed yet, oldest first (write callbacks come in order). */
  private readonly inFlight: Buffer[] = [];
  private readonly onDrain = () => {
    this.draining = false;
    this.wake();
  };
  private readonly onConsumed = () => {
    const chunk = this.inFlight.shift();
    if (chunk !== undefined) this.body.release(chunk);
  };

  constructor(
    private readonly body: ScrapeBody,
    private readonly gzipped: ChunkLog,
    private readonly gzip: zlib.Gzip,
  ) {
    this.raw = body.raw;
  }

  wake(): void {
    if (this.draining || this.gzip.destroyed) return;
    const raw = this.raw;
    while (raw.hasNext(this) && this.gzipped.hasRoom()) {
      const chunk = raw.take(this);
      this.body.retain(chunk);
      this.inFlight.push(chunk);
      if (!this.gzip.write(chunk, this.onConsumed)) {
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
