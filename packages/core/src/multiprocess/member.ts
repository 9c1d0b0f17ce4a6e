import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { markOwnServer, onFirstServer } from '../first-server';
import { log } from '../log';
import {
  ensureDirectory,
  registeredIds,
  removeQuietly,
  writeAtomically,
  writeAtomicallySync,
  ARCHIVE_FILE,
} from './directory';
import type { ProcessState } from './state';

/**
 * This process as a member of a multi-process service: a Unix socket in the service directory
 * that answers with this process's state, and a state file rewritten before every answer and at
 * exit, so that whoever serves the scrape can keep what this process counted after it is gone.
 * Nothing here runs per request: only when asked (a scrape) and at exit.
 *
 * Joining (the directory, the socket, the exit hook, clearing a previous run's files) waits for
 * the end of start-up, the event loop's first turn, or for the app's first listen(), whichever
 * comes first, and keeps no process alive to do it: a preloaded process pays for its start-up
 * (issue 11 §7), and one that exits before its first turn has recorded nothing worth keeping. A
 * process is a member before its app's server listens, as when it joined at start-up: a cluster
 * worker that is listening is in the next scrape. The port, bound at once, is what the app's first
 * scrape relies on. A scrape waits for `ready`.
 */
export class ServiceMember {
  // The pid tells live processes apart; the random part, a later process that got a gone one's pid.
  // Math.random rather than node:crypto, which costs a preloaded process milliseconds to load.
  readonly id = `${process.pid}-${Math.floor(Math.random() * 0x100000000)
    .toString(16)
    .padStart(8, '0')}`;
  readonly ready: Promise<void>;
  private readonly server = net.createServer((socket) => this.answer(socket));
  private removeExitHook: (() => void) | undefined;
  private saving: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly collect: () => Promise<ProcessState>,
    /** The state at exit, built synchronously (an exit handler cannot wait). */
    private readonly stateAtExit: () => ProcessState | undefined,
  ) {
    this.server.unref();
    markOwnServer(this.server);
    this.server.on('error', (error) => log.errorOnce('multi-process socket', error));
    this.ready = new Promise<void>((resolve) => {
      const join = () => {
        clearImmediate(endOfStartUp);
        stopWatching();
        resolve(this.start());
      };
      const endOfStartUp = setImmediate(join).unref();
      const stopWatching = onFirstServer(join);
    });
  }

  socketPath(id = this.id): string {
    return path.join(this.dir, `${id}.sock`);
  }

  stateFile(id = this.id): string {
    return path.join(this.dir, `${id}.json`);
  }

  /**
   * Collects this process's state and saves it before anyone sees it, so that what was served
   * outlives this process. Queued: states are saved in the order they were collected, so the file
   * never goes back to an older state than one already handed out.
   */
  collectAndSave(): Promise<{ state: ProcessState; text: string }> {
    const next = this.saving.then(async () => {
      const state = await this.collect();
      const text = JSON.stringify(state);
      await writeAtomically(this.stateFile(), text);
      return { state, text };
    });
    this.saving = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async start(): Promise<void> {
    if (this.closed) return;
    ensureDirectory(this.dir);
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      // exclusive: a cluster worker creates its socket itself; the primary is not involved, and the
      // app's cluster.on('listening') handlers never see nodeprom's servers.
      this.server.listen({ path: this.socketPath(), exclusive: true }, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    if (this.closed) {
      this.server.close();
      this.leave();
      return;
    }
    const { onExit } = require('signal-exit') as typeof import('signal-exit');
    this.removeExitHook = onExit(() => this.leave());
    await this.forgetPreviousRun();
  }

  /**
   * When no other process of the service is alive, what is in the directory belongs to an earlier
   * run of the service (or of another app that used the port): that run's counters must not be
   * added to this one's. A service that restarts as a whole therefore starts from zero, a real
   * counter reset that Prometheus's rate() handles; one that replaces processes one by one (cluster,
   * pm2 reload) always has a live process and keeps its totals.
   */
  private async forgetPreviousRun(): Promise<void> {
    const ids = await registeredIds(this.dir);
    ids.delete(this.id);
    const alive = await Promise.all([...ids].map((id) => isListening(this.socketPath(id))));
    if (alive.some(Boolean)) return;
    await Promise.all([
      ...[...ids].flatMap((id) => [removeQuietly(this.socketPath(id)), removeQuietly(this.stateFile(id))]),
      removeQuietly(path.join(this.dir, ARCHIVE_FILE)),
    ]);
  }

  /** One byte from the asker is the question; a bare connection is only a liveness probe and costs nothing. */
  private answer(socket: net.Socket): void {
    socket.on('error', () => undefined); // the asker gave up (timeout): nothing to do
    socket.once('data', () => {
      this.collectAndSave().then(
        ({ text }) => socket.end(text),
        (error: unknown) => {
          log.errorOnce('answering a multi-process scrape', error);
          socket.destroy();
        },
      );
    });
  }

  private leave(): void {
    try {
      const ownSocket = `${this.id}.sock`;
      const others = fs.readdirSync(this.dir).some((name) => name.endsWith('.sock') && name !== ownSocket);
      if (!others) {
        // The last process of the service: nobody is left to carry totals forward, and the next
        // run would start from zero anyway. Leave nothing behind.
        fs.rmSync(this.dir, { recursive: true, force: true });
        return;
      }
      // The state first, the socket last: until the socket is gone, whoever serves the scrape treats
      // this process as live and does not fold an older state.
      const state = this.stateAtExit();
      if (state !== undefined) writeAtomicallySync(this.stateFile(), JSON.stringify(state));
      fs.rmSync(this.socketPath(), { force: true });
    } catch (error) {
      log.errorOnce('saving the state at exit', error);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    this.removeExitHook?.();
    // Not joined yet (closed during start-up): nothing to leave, and joining will not happen.
    if (!this.server.listening) return Promise.resolve();
    this.leave();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

function isListening(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(socketPath);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
