/**
 * The Buffers scrape bodies are written into, reused from one piece to the next.
 *
 * Why: the writer puts whole lines straight into Buffers, so it makes almost no garbage on the JS
 * heap, so V8 collects seldom, and a fresh Buffer per piece would pile up outside the heap until
 * it does (megabytes of resident memory per scrape, and collections forced by that memory). The
 * endpoint gives a piece back once every reader is done with it (the chunk log has let it go and
 * every socket and the gzip stream have written it); a piece nobody gives back (a body rendered
 * to a string, a write whose callback never comes) is simply collected, as any Buffer.
 */

/** The size of a piece: under glibc's default mmap threshold (128 KiB), so pieces come from the heap. */
export const PIECE_BYTES = 128 * 1024 - 64;

/** Enough for the attach window, the lead and the writes in flight (see DEFAULT_BODY_LIMITS). */
const MAX_FREE = 40;

const issued = new WeakSet<ArrayBuffer>();
const free: ArrayBuffer[] = [];
const freeSet = new Set<ArrayBuffer>();

/** A piece to write into: a free one, or a new one. */
export function takePiece(): Buffer {
  const reused = free.pop();
  if (reused !== undefined) {
    freeSet.delete(reused);
    return Buffer.from(reused);
  }
  const piece = Buffer.allocUnsafeSlow(PIECE_BYTES);
  issued.add(piece.buffer);
  return piece;
}

/** `chunk` (a piece or a part of one) will not be read again by anyone: its piece can be reused. */
export function givePiece(chunk: Uint8Array): void {
  const backing = chunk.buffer as ArrayBuffer;
  if (!issued.has(backing) || freeSet.has(backing) || free.length >= MAX_FREE) return;
  free.push(backing);
  freeSet.add(backing);
}
