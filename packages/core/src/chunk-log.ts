/** Something that reads a `ChunkLog` (a response, or the gzip stream) and wants to hear when it grows or ends. */
export interface LogFollower {
  /** The index of the next chunk this reader will take; moved by `ChunkLog.take`. */
  position: number;
  /** Bytes taken so far; moved by `ChunkLog.take`. */
  taken: number;
  wake(): void;
  /**
   * The log gives up on this reader: it took nothing for the stall limit while the body could not
   * go on without it. It must stop following at once. Absent: a reader the log never gives up on
   * (the gzip stream, whose own readers are held to the limit on the gzip log instead).
   */
  drop?(): void;
}

/** Bytes held by the chunk logs of one responder: what it holds now and the most it held at once. */
export interface ChunkMemory {
  held: number;
  peak: number;
}

export interface ChunkLogOptions {
  /** Asked for the next chunk whenever there is room for one; may be called again before it comes. */
  readonly onDemand: () => void;
  /** How far the end of the log may run ahead of its slowest reader. */
  readonly leadBytes: number;
  /** How long a reader may take nothing while the log waits on it before it is dropped. */
  readonly stalledReaderMs: number;
  readonly memory: ChunkMemory;
  /** A chunk the log lets go of (every reader has taken it, or the log failed). */
  readonly onRelease?: (chunk: Buffer) => void;
}

/**
 * An append-only list of body chunks that several readers follow, each at its own position: the
 * chunks one scrape body is made of, shared by every response that attached to it.
 *
 * The producer is pulled (`onDemand`) only while the end is less than `leadBytes` ahead of the
 * slowest reader, so the chunks between the slowest and the fastest reader stay bounded whatever
 * the readers' speeds: the body goes at the pace of its slowest reader. A reader that takes
 * nothing for `stalledReaderMs` while the log waits on it is dropped, so a stuck client holds the
 * others up for a bounded time only.
 *
 * While new readers may still attach, every chunk is kept (a newcomer starts from the first, and
 * production waits until it has caught up). Once the log is sealed, chunks every reader has taken
 * are dropped, so a large body is never held whole.
 */
export class ChunkLog {
  done = false;
  failed = false;
  /** Bytes pushed so far. */
  bytes = 0;
  private held: Buffer[] = [];
  /** Index of `held[0]`. */
  private base = 0;
  private sealed = false;
  private readonly followers = new Set<LogFollower>();
  private stallTimer: NodeJS.Timeout | undefined;
  /** What each reader had taken when the stall timer was armed. */
  private readonly takenAtArm = new Map<LogFollower, number>();
  private readonly onStallTimer = () => this.checkStalled();

  constructor(private readonly options: ChunkLogOptions) {}

  /** The index after the last chunk pushed. */
  get end(): number {
    return this.base + this.held.length;
  }

  /** Whether `follower` has a chunk to take (never, once the log has failed). */
  hasNext(follower: LogFollower): boolean {
    return !this.failed && follower.position < this.base + this.held.length;
  }

  /** The next chunk of `follower` (which `hasNext`), moving it on. */
  take(follower: LogFollower): Buffer {
    const chunk = this.held[follower.position - this.base]!;
    follower.position++;
    follower.taken += chunk.length;
    return chunk;
  }

  follow(follower: LogFollower): void {
    this.followers.add(follower);
  }

  unfollow(follower: LogFollower): void {
    if (!this.followers.delete(follower)) return;
    this.takenAtArm.delete(follower);
    this.advanced();
  }

  push(chunk: Buffer): void {
    this.held.push(chunk);
    this.bytes += chunk.length;
    this.hold(chunk.length);
    this.wakeAll();
    this.pace();
  }

  finish(): void {
    this.done = true;
    this.disarm();
    this.wakeAll();
  }

  fail(): void {
    if (this.done || this.failed) return;
    this.failed = true;
    this.disarm();
    this.wakeAll();
    this.release();
  }

  /** No reader will attach any more: chunks behind every reader can go. */
  seal(): void {
    this.sealed = true;
    this.release();
  }

  /**
   * A reader has taken chunks, or has taken them all and can take more: lets go of what every
   * reader has passed and asks for the next chunk if there is room for it.
   */
  advanced(): void {
    this.release();
    this.pace();
  }

  /** Whether the producer may add a chunk now: the end is less than the lead ahead of the slowest reader. */
  hasRoom(): boolean {
    return !this.done && !this.failed && this.lead() < this.options.leadBytes;
  }

  /** Bytes between the slowest reader and the end (everything pushed when nobody reads). */
  private lead(): number {
    let slowest = this.bytes;
    for (const follower of this.followers) if (follower.taken < slowest) slowest = follower.taken;
    return this.bytes - slowest;
  }

  private pace(): void {
    if (this.done || this.failed || this.followers.size === 0) return;
    if (this.lead() < this.options.leadBytes) this.options.onDemand();
    else this.arm();
  }

  /** The log waits on its slowest reader: in `stalledReaderMs`, those that took nothing meanwhile are dropped. */
  private arm(): void {
    if (this.stallTimer !== undefined) return;
    for (const follower of this.followers) this.takenAtArm.set(follower, follower.taken);
    this.stallTimer = setTimeout(this.onStallTimer, this.options.stalledReaderMs);
    // A scrape in progress is no reason to keep the process alive.
    this.stallTimer.unref();
  }

  private disarm(): void {
    if (this.stallTimer === undefined) return;
    clearTimeout(this.stallTimer);
    this.stallTimer = undefined;
    this.takenAtArm.clear();
  }

  private checkStalled(): void {
    this.stallTimer = undefined;
    if (this.done || this.failed) return;
    const limit = this.bytes - this.options.leadBytes;
    const stalled: LogFollower[] = [];
    for (const follower of this.followers) {
      // Holding the log back (no room for another chunk because of it), and nothing taken since the timer was armed.
      if (follower.drop !== undefined && follower.taken <= limit && this.takenAtArm.get(follower) === follower.taken) {
        stalled.push(follower);
      }
    }
    this.takenAtArm.clear();
    for (const follower of stalled) {
      this.followers.delete(follower);
      follower.drop!();
    }
    this.advanced();
  }

  private release(): void {
    if (!this.sealed) return;
    let first = this.end;
    // Nobody takes another chunk of a failed body: all of it can go.
    if (!this.failed) for (const follower of this.followers) if (follower.position < first) first = follower.position;
    if (first <= this.base) return;
    let freed = 0;
    const onRelease = this.options.onRelease;
    for (let i = 0; i < first - this.base; i++) {
      const chunk = this.held[i]!;
      freed += chunk.length;
      onRelease?.(chunk);
    }
    this.held = this.held.slice(first - this.base);
    this.base = first;
    this.hold(-freed);
  }

  private hold(bytes: number): void {
    const memory = this.options.memory;
    memory.held += bytes;
    if (memory.held > memory.peak) memory.peak = memory.held;
  }

  private wakeAll(): void {
    // A copy: waking a reader may make it unfollow.
    for (const follower of [...this.followers]) follower.wake();
  }
}
