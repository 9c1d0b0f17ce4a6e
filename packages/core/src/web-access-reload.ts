import { stat } from 'node:fs/promises';
import { log } from './log';
import { loadWebAccess, type WebAccess } from './web-access';

/** How often, at most, a request to the own port has the files looked at. */
const RECHECK_MS = 5000;

async function stampOf(files: readonly string[]): Promise<string> {
  const parts = await Promise.all(
    files.map((file) =>
      stat(file).then(
        (info) => `${info.ino}:${info.size}:${info.mtimeMs}`,
        () => 'missing',
      ),
    ),
  );
  return parts.join('|');
}

/**
 * Picks up a changed web configuration (a renewed certificate, a new password) without a restart,
 * as Prometheus's exporter-toolkit does. Rather than re-reading the files on every request or
 * connection, a request looks at their modification times at most every few seconds, in the
 * background, and the files are read again only when one changed. A changed file that is not
 * usable gets one warning and the previous configuration stays (never an open endpoint).
 */
export class WebAccessReloader {
  private lastCheck = Date.now();
  private checking = false;
  private rejectedStamp: string | undefined;

  private constructor(
    private readonly file: string,
    private current: WebAccess,
    private stamp: string,
    private readonly apply: (next: WebAccess, previous: WebAccess) => void,
  ) {}

  static async load(file: string, apply: (next: WebAccess, previous: WebAccess) => void): Promise<WebAccessReloader> {
    const access = await loadWebAccess(file);
    return new WebAccessReloader(file, access, await stampOf(access.files), apply);
  }

  get access(): WebAccess {
    return this.current;
  }

  /** Called per request; cheap unless it is time to look at the files. */
  maybeCheck(): void {
    if (this.checking) return;
    const now = Date.now();
    if (now - this.lastCheck < RECHECK_MS) return;
    this.lastCheck = now;
    this.checking = true;
    this.check().then(
      () => {
        this.checking = false;
      },
      (error: unknown) => {
        this.checking = false;
        log.errorOnce('re-reading NODEPROM_WEB_CONFIG_FILE', error);
      },
    );
  }

  private async check(): Promise<void> {
    const stamp = await stampOf(this.current.files);
    if (stamp === this.stamp || stamp === this.rejectedStamp) return;
    let next: WebAccess;
    try {
      next = await loadWebAccess(this.file);
    } catch (error) {
      this.rejectedStamp = stamp;
      log.warn(
        `NODEPROM_WEB_CONFIG_FILE=${this.file} changed but is not usable: ${(error as Error).message}. The metrics endpoint keeps the configuration it had.`,
      );
      return;
    }
    if ((next.tls === undefined) !== (this.current.tls === undefined)) {
      this.rejectedStamp = stamp;
      log.warn(
        `NODEPROM_WEB_CONFIG_FILE=${this.file} changed whether TLS is on; restart the app to apply that. The metrics endpoint keeps the configuration it had.`,
      );
      return;
    }
    // Stamped from the files as the new configuration names them (a cert_file may have moved).
    this.stamp = await stampOf(next.files);
    const previous = this.current;
    this.current = next;
    this.apply(next, previous);
    log.info(`NODEPROM_WEB_CONFIG_FILE=${this.file} re-read and applied.`);
  }
}
