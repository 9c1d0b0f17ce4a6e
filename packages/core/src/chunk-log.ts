/** Something that reads a `ChunkLog` and wants to hear when it grows or ends. */
export interface LogFollower {
  wake(): void;
}

/**
 * An append-only list of body chunks that several readers follow, each at its own position: the
 * chunks one scrape body is made of, shared by every response that attached to it. The writer is
 * pulled: a reader that has written everything and can take more calls `demand()`.
 */
export class ChunkLog {
  readonly chunks: Buffer[] = [];
  done = false;
  failed = false;
  private readonly followers = new Set<LogFollower>();

  constructor(private readonly onDemand: () => void) {}

  follow(follower: LogFollower): void {
    this.followers.add(follower);
  }

  unfollow(follower: LogFollower): void {
    this.followers.delete(follower);
  }

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
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

  /** A reader has written every chunk there is and can take more. */
  demand(): void {
    if (!this.done && !this.failed) this.onDemand();
  }

  private wakeAll(): void {
    // A copy: waking a reader may make it unfollow.
    for (const follower of [...this.followers]) follower.wake();
  }
}
