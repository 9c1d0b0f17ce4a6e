import * as fs from 'node:fs';
import type { MetricsEndpoint } from '../endpoint';
import { bindAdvice } from '../endpoint';
import { log } from '../log';

/**
 * Who serves a multi-process service's scrape: whoever holds the port. Every process tries to bind
 * it exclusively (a cluster worker binds it itself rather than through the primary, and PM2's
 * daemon, which has no preload, never holds it); one succeeds and serves everyone's metrics, the
 * others try again on an unref'd timer, so that when the serving process exits another takes over
 * within `retryMs`. No election protocol: the kernel's bind is the lock.
 */
export class PortLeadership {
  private timer: NodeJS.Timeout | undefined;
  private watcher: fs.FSWatcher | undefined;
  private stopped = false;
  private warned = false;
  private attempting = false;
  /** Quick retries left after a socket disappeared: the exiting process still holds the port for a moment. */
  private quickRetries = 0;

  constructor(
    private readonly endpoint: MetricsEndpoint,
    private readonly port: number,
    /** Whether another process of the service is registered and alive (then a busy port is normal). */
    private readonly othersAlive: () => Promise<boolean>,
    private readonly retryMs = 1000,
    /** The service directory: a socket removed there (a process that exited) is worth trying at once. */
    private readonly dir?: string,
  ) {}

  /** Resolves with the URL when this process serves, undefined when another one does (or none can). */
  async start(): Promise<string | undefined> {
    return this.attempt();
  }

  private async attempt(): Promise<string | undefined> {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.stopped || this.attempting || this.endpoint.port !== undefined) return undefined;
    this.attempting = true;
    let outcome: string | NodeJS.ErrnoException | undefined;
    try {
      outcome = await this.endpoint.listen(this.port, true);
    } finally {
      this.attempting = false;
    }
    if (outcome === undefined) return undefined; // an unusable web configuration (warned): no endpoint at all
    if (typeof outcome === 'string') {
      this.unwatch();
      log.debug(`process ${process.pid} now serves the service's metrics on port ${this.port}.`);
      return outcome;
    }
    if (outcome.code !== 'EADDRINUSE') {
      log.warn(
        `metrics endpoint not started: port ${this.port} cannot be bound (${outcome.code ?? outcome.message}). ${bindAdvice(outcome.code)}; the app keeps running without a scrape endpoint.`,
      );
      return undefined;
    }
    if (!this.warned) {
      this.warned = true;
      if (!(await this.othersAlive())) {
        log.warn(
          `metrics endpoint not started: port ${this.port} is already in use by a process that is not part of this service. Set NODEPROM_PORT to a free port; the app keeps running, and nodeprom serves as soon as the port is free.`,
        );
      }
    }
    this.watch();
    this.schedule();
    return undefined;
  }

  /**
   * Watches the service directory while another process serves: when a socket disappears (a process
   * that exited, perhaps the one serving), trying at once shortens the gap to a few milliseconds.
   * The timer stays as the fallback (a killed process leaves its socket file behind).
   */
  private watch(): void {
    if (this.watcher !== undefined || this.dir === undefined || this.stopped) return;
    try {
      this.watcher = fs.watch(this.dir, (_event, name) => {
        if (name === null || !String(name).endsWith('.sock')) return;
        this.quickRetries = 10;
        void this.attempt();
      });
      this.watcher.on('error', () => this.unwatch());
      this.watcher.unref();
    } catch {
      this.watcher = undefined; // no watching here (platform, limits): the timer alone does it
    }
  }

  private unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    const delay = this.quickRetries > 0 ? 50 : this.retryMs;
    if (this.quickRetries > 0) this.quickRetries--;
    this.timer = setTimeout(() => void this.attempt(), delay);
    // Trying again must never keep an app alive that would otherwise exit.
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    this.unwatch();
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/**
 * `NODEPROM_PORT_RANGE`: binds the first free port of the range (exclusively, so that cluster
 * workers each get their own) and serves this process alone.
 */
export async function bindFirstFree(endpoint: MetricsEndpoint, from: number, to: number): Promise<string | undefined> {
  for (let port = from; port <= to; port++) {
    const outcome = await endpoint.listen(port, true);
    if (outcome === undefined || typeof outcome === 'string') return outcome;
    if (outcome.code !== 'EADDRINUSE') {
      log.warn(
        `metrics endpoint not started: port ${port} of NODEPROM_PORT_RANGE cannot be bound (${outcome.code ?? outcome.message}); the app keeps running without a scrape endpoint.`,
      );
      return undefined;
    }
  }
  log.warn(
    `metrics endpoint not started: every port of NODEPROM_PORT_RANGE=${from}-${to} is in use. Widen the range; the app keeps running without a scrape endpoint.`,
  );
  return undefined;
}
