/** Something that reads a `ChunkLog` and wants to hear when it grows or ends. */
export interface LogFollower {
  /** The index of the next chunk this reader will take. */
  readonly position: number;
  wake(): void;
}

/**
 * An append-only list of body chunks that several readers follow, each at its own position: the
 * chunks one scrape body is made of, shared by every response that attached to it. The writer is
 * pulled: a reader that has written everything and can take more calls `demand()`.
 *
 * While new readers may still attach, every chunk is kept (a newcomer starts from the first). Once
 * the log is sealed, chunks every reader has taken are dropped, so a large body is not held whole
 * for the length of a scrape.
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

  constructor(private readonly onDemand: () => void) {}

  /** The index after the last chunk pushed. */
  get end(): number {
    return this.base + this.held.length;
  }

  /** The chunk at `index`, which must be at or after the position of a current reader. */
  at(index: number): Buffer {
    return this.held[index - this.base]!;
  }

  follow(follower: LogFollower): void {
    this.followers.add(follower);
  }

  unfollow(follower: LogFollower): void {
    this.followers.delete(follower);
    this.release();
  }

  push(chunk: Buffer): void {
    this.held.push(chunk);
    this.bytes += chunk.length;
    this.release();
    this.wakeAll();
  }

  finish(): void {
    this.done = true;
    this.wakeAll();
  }

  fail(): void {
    if (this.done || this.failed) return;
    this.failed = true;
    this.wakeAll();
  }

  /** No reader will attach any more: chunks behind every reader can go. */
  seal(): void {
    this.sealed = true;
    this.release();
  }

  /** A reader has written every chunk there is and can take more. */
  demand(): void {
    if (!this.done && !this.failed) this.onDemand();
  }

  private release(): void {
    if (!this.sealed) return;
    let first = this.end;
    for (const follower of this.followers) if (follower.position < first) first = follower.position;
    if (first <= this.base) return;
    this.held = this.held.slice(first - this.base);
    this.base = first;
  }

  private wakeAll(): void {
    // A copy: waking a reader may make it unfollow.
    for (const follower of [...this.followers]) follower.wake();
  }
}
