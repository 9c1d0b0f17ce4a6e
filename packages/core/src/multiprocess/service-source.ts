import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ForeignReader } from '../lazy-sdk';
import { prometheusBaseName } from '../exposition';
import { log } from '../log';
import {
  hintedAggregation,
  mergeHint,
  multiprocessAggregation,
  NODEPROM_SCRAPE_ERRORS,
  type MultiprocessAggregation,
} from '../metrics';
import type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from '../scrape-source';
import type { SumCell } from '../sink';
import type { MetricStore } from '../store';
import { expositionWriter, gatherView, materialize, type StoreScrapeSource } from '../store-source';
import { foldGoneProcesses, peekArchive } from './archive';
import { ARCHIVE_FILE, readJson, registeredIds } from './directory';
import { ServiceMember } from './member';
import { mergeStates } from './merge';
import { askPeer, type PeerAnswer } from './peer';
import type { ProcessState } from './state';

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function exists(file: string): Promise<boolean> {
  return fs.promises.access(file).then(
    () => true,
    () => false,
  );
}

export interface ServiceSourceOptions {
  readonly dir: string;
  readonly prefix: string;
  readonly timeoutMs: number;
}

/**
 * The scrape of a multi-process service (processes sharing one NODEPROM_PORT): this process's
 * state for the others, and, when this process holds the port, everyone's. At scrape time only,
 * every live process is asked in parallel (each within `timeoutMs`; one that does not answer is
 * served from its last saved state and counted in nodeprom_scrape_errors_total), gone ones are
 * folded into the archive, and the states are merged by each metric's `multiprocess` aggregation.
 * Alone (no other process, nothing archived) the body is exactly the single-process one.
 */
export class ServiceScrapeSource implements ScrapeSource {
  readonly member: ServiceMember;
  private errors: Record<'timeout' | 'unreadable', SumCell> | undefined;
  /** Processes whose socket refused at the last scrape while their pid looked alive. */
  private refusedBefore = new Set<string>();
  /**
   * Whether this process serves the service's scrape (holds the port, or answers on the app's server).
   * Only that one folds gone processes into the archive; set by whoever starts the endpoint.
   */
  holdsPort: () => boolean = () => false;
  /** Other scopes as last collected, for the state written at exit (which cannot wait for a collection). */
  private lastCollected: ResourceMetrics | undefined;

  constructor(
    private readonly local: StoreScrapeSource,
    private readonly reader: ForeignReader,
    private readonly store: MetricStore,
    private readonly options: ServiceSourceOptions,
  ) {
    this.member = new ServiceMember(
      options.dir,
      () => this.localState(),
      () => this.stateAtExit(),
    );
  }

  async open(format: ExpositionFormat): Promise<ExpositionRenderer> {
    const joined = await this.member.ready.then(
      () => true,
      () => false,
    );
    if (!joined) return this.local.open(format);
    const start = performance.now();
    try {
      const ids = await registeredIds(this.options.dir);
      ids.delete(this.member.id);
      // Alone, with nothing archived: the single-process scrape, with no state copied or saved
      // (nobody would be left to carry it forward).
      if (ids.size === 0 && !(await exists(path.join(this.options.dir, ARCHIVE_FILE))))
        return await this.local.open(format);
      const { state: own } = await this.member.collectAndSave();
      const { live, archive } = await this.gather(own, ids);
      const merged = { version: 1 as const, resource: own.state.resource, families: mergeStates(live, archive) };
      return this.local.observer.observe(
        new (expositionWriter())(merged, format, this.options.prefix),
        performance.now() - start,
      );
    } catch (error) {
      log.errorOnce('aggregating the metrics of the other processes', error);
      return this.local.open(format);
    }
  }

  private async gather(
    own: ProcessState,
    ids: ReadonlySet<string>,
  ): Promise<{ live: ProcessState[]; archive: ProcessState['state']['families'] }> {
    const answers = await Promise.all(
      [...ids].map(async (id): Promise<[string, PeerAnswer]> => [
        id,
        await askPeer(this.member.socketPath(id), this.options.timeoutMs),
      ]),
    );
    const live: ProcessState[] = [own];
    const gone: string[] = [];
    const refused = new Set<string>();
    for (const [id, answer] of answers) {
      if (answer.kind === 'state') {
        live.push(answer.state);
        continue;
      }
      if (answer.kind === 'gone') {
        // A socket that refuses while its pid runs may be one being set up: give it one more scrape.
        const pid = Number(id.slice(0, id.indexOf('-')));
        if (!processAlive(pid) || this.refusedBefore.has(id)) {
          gone.push(id);
          continue;
        }
        refused.add(id);
      } else {
        this.scrapeErrors()[answer.kind].add(1);
        log.debug(`process ${id} did not answer the scrape (${answer.kind}); serving its last saved state.`);
      }
      const last = await readJson<ProcessState>(this.member.stateFile(id));
      if (last !== undefined) live.push(last);
    }
    this.refusedBefore = refused;
    const stateFile = (id: string) => this.member.stateFile(id);
    const archive = this.holdsPort()
      ? await foldGoneProcesses(this.options.dir, gone, stateFile, (id) => this.member.socketPath(id))
      : await peekArchive(this.options.dir, gone, stateFile);
    return { live, archive };
  }

  /** Registered on the first error, so that a service without any shows no such family. */
  private scrapeErrors(): Record<'timeout' | 'unreadable', SumCell> {
    if (this.errors === undefined) {
      const errors = this.store.counter(NODEPROM_SCRAPE_ERRORS);
      this.errors = {
        timeout: errors.cell({ 'error.type': 'timeout' }),
        unreadable: errors.cell({ 'error.type': 'unreadable' }),
      };
    }
    return this.errors;
  }

  private async localState(): Promise<ProcessState> {
    const { resourceMetrics, errors } = await this.reader.collect();
    for (const error of errors) log.errorOnce('collecting metrics', error);
    this.lastCollected = resourceMetrics;
    return this.processState(resourceMetrics);
  }

  private stateAtExit(): ProcessState {
    return this.processState(this.lastCollected);
  }

  private processState(collected: ResourceMetrics | undefined): ProcessState {
    return {
      id: this.member.id,
      pid: process.pid,
      aggregations: this.aggregations(),
      state: materialize(gatherView(this.store, collected)),
    };
  }

  /** This process's definitions whose aggregation is not what their state's kind and hint imply. */
  private aggregations(): Record<string, MultiprocessAggregation> {
    const result: Record<string, MultiprocessAggregation> = {};
    for (const instrument of this.store.list()) {
      const definition = instrument.definition;
      const aggregation = multiprocessAggregation(definition);
      if (aggregation !== hintedAggregation({ kind: definition.kind, merge: mergeHint(aggregation) })) {
        result[prometheusBaseName(definition.name, definition.unit, definition.kind)] = aggregation;
      }
    }
    return result;
  }
}
