import type { MetricsEndpoint } from '../endpoint';
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
  private stopped = false;
  private warned = false;

  constructor(
    private readonly endpoint: MetricsEndpoint,
    private readonly port: number,
    /** Whether another process of the service is registered and alive (then a busy port is normal). */
    private readonly othersAlive: () => Promise<boolean>,
    private readonly retryMs = 1000,
  ) {}

  /** Resolves with the URL when this process serves, undefined when another one does (or none can). */
  async start(): Promise<string | undefined> {
    return this.attempt();
  }

  private async attempt(): Promise<string | undefined> {
    this.timer = undefined;
    if (this.stopped) return undefined;
    const outcome = await this.endpoint.listen(this.port, true);
    if (outcome === undefined) return undefined; // an unusable web configuration (warned): no endpoint at all
    if (typeof outcome === 'string') {
      log.debug(`process ${process.pid} now serves the service's metrics on port ${this.port}.`);
      return outcome;
    }
    if (outcome.code !== 'EADDRINUSE') {
      log.warn(`metrics endpoint not started: port ${this.port} cannot be bound (${outcome.code ?? outcome.message}). Set NODEPROM_PORT to a free port; the app keeps running without a scrape endpoint.`);
      return undefined;
    }
    if (!this.warned) {
      this.warned = true;
      if (!(await this.othersAlive())) {
        log.warn(`metrics endpoint not started: port ${this.port} is already in use by a process that is not part of this service. Set NODEPROM_PORT to a free port; the app keeps running, and nodeprom serves as soon as the port is free.`);
      }
    }
    this.schedule();
    return undefined;
  }

  private schedule(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setTimeout(() => void this.attempt(), this.retryMs);
    // Trying again must never keep an app alive that would otherwise exit.
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
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
      log.warn(`metrics endpoint not started: port ${port} of NODEPROM_PORT_RANGE cannot be bound (${outcome.code ?? outcome.message}); the app keeps running without a scrape endpoint.`);
      return undefined;
    }
  }
  log.warn(`metrics endpoint not started: every port of NODEPROM_PORT_RANGE=${from}-${to} is in use. Widen the range; the app keeps running without a scrape endpoint.`);
  return undefined;
}
