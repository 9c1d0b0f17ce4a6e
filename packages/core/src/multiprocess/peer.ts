import * as net from 'node:net';
import type { ProcessState } from './state';

export type PeerAnswer =
  | { readonly kind: 'state'; readonly state: ProcessState }
  /** Nobody listens on the socket: the process is gone. */
  | { readonly kind: 'gone' }
  /** It did not answer in time (a blocked event loop), or answered something unreadable. */
  | { readonly kind: 'timeout' | 'unreadable' };

/**
 * Asks one process for its state: one byte is the question, the answer is its state as JSON
 * followed by the end of the stream. Never rejects, and settles within `timeoutMs`.
 */
export function askPeer(socketPath: string, timeoutMs: number): Promise<PeerAnswer> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let settled = false;
    const socket = net.connect(socketPath);
    const finish = (answer: PeerAnswer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(answer);
    };
    const timer = setTimeout(() => finish({ kind: 'timeout' }), timeoutMs);
    socket.once('connect', () => socket.write('?'));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('end', () => {
      try {
        finish({ kind: 'state', state: JSON.parse(Buffer.concat(chunks).toString('utf8')) as ProcessState });
      } catch {
        finish({ kind: 'unreadable' });
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // ECONNREFUSED: the socket file outlived its process (killed); ENOENT: it exited and removed it.
      finish(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? { kind: 'gone' } : { kind: 'unreadable' });
    });
  });
}
