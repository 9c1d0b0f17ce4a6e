import { hrTime } from '@opentelemetry/core';
import { PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { MetricReader, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { toPrometheusFamilies, prometheusBaseName } from '../exposition';
import { log } from '../log';
import { ALL_METRICS, multiprocessAggregation, NODEPROM_SCRAPE_ERRORS, type MetricKind, type MultiprocessAggregation } from '../metrics';
import type { ExpositionRenderer, ScrapeSource } from '../scrape-source';
import { STORE_SCOPE_NAME, type MetricStore } from '../store';
import type { SumCell } from '../sink';
import { foldGoneProcesses } from './archive';
import { readJson, registeredIds } from './directory';
import { ServiceMember } from './member';
import { mergeStates } from './merge';
import { askPeer, type PeerAnswer } from './peer';
import { familiesToState, stateToResourceMetrics, type FamilyState, type ProcessState } from './state';

const CHUNK = 64 * 1024;

function chunked(body: string): ExpositionRenderer {
  let offset = 0;
  return {
    next() {
      if (offset >= body.length) return undefined;
      const end = Math.min(body.length, offset + CHUNK);
      const part = body.slice(offset, end);
      offset = end;
      return part;
    },
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface ServiceSourceOptions {
  readonly dir: string;
  readonly prefix: string;
  readonly timeoutMs: number;
}

/**
 * This process's metrics, as state for the other processes of the service, and, when this
 * process serves the scrape, the whole service's: every live process is asked in parallel (within
 * `timeoutMs`), gone ones are folded into the archive, and the states are merged by each metric's
 * `multiprocess` aggregation. Alone (no other process, nothing archived) the body is exactly the
 * single-process one.
 */
export class ServiceScrapeSource implements ScrapeSource {
  readonly member: ServiceMember;
  private readonly serializer: PrometheusSerializer;
  private errors: Record<'timeout' | 'unreadable', SumCell> | undefined;
  /** Processes whose socket refused at the last scrape while their pid looked alive. */
  private refusedBefore = new Set<string>();
  /** Families of other scopes from the last collection, for the state written at exit. */
  private lastOtherScopes: FamilyState[] = [];

  constructor(
    private readonly reader: MetricReader,
    private readonly store: MetricStore,
    private readonly options: ServiceSourceOptions,
  ) {
    // (prefix, appendTimestamp, resourceConstantLabels, withoutTargetInfo, withoutScopeInfo)
    this.serializer = new PrometheusSerializer(options.prefix, false, undefined, false, true);
    this.member = new ServiceMember(options.dir, () => this.localState().then(({ state }) => state), () => this.stateAtExit());
  }

  async open(): Promise<ExpositionRenderer> {
    const joined = await this.member.ready.then(() => true, () => false);
    const own = await this.localState();
    const alone = () => chunked(this.serializer.serialize(own.resourceMetrics));
    if (!joined) return alone();
    try {
      return await this.aggregate(own);
    } catch (error) {
      log.errorOnce('aggregating the metrics of the other processes', error);
      return alone();
    }
  }

  private async aggregate(own: { resourceMetrics: ResourceMetrics; state: ProcessState }): Promise<ExpositionRenderer> {
    await this.member.save(own.state);
    const ids = await registeredIds(this.options.dir);
    ids.delete(this.member.id);
    const answers = await Promise.all([...ids].map(async (id): Promise<[string, PeerAnswer]> => [id, await askPeer(this.member.socketPath(id), this.options.timeoutMs)]));

    const live: ProcessState[] = [own.state];
    const gone: string[] = [];
    const refused = new Set<string>();
    for (const [id, answer] of answers) {
      if (answer.kind === 'state') {
        live.push(answer.state);
        continue;
      }
      if (answer.kind === 'gone') {
        // A socket that refuses once while its pid runs may be one being set up: wait one scrape.
        const pid = Number(id.slice(0, id.indexOf('-')));
        if (!processAlive(pid) || this.refusedBefore.has(id)) {
          gone.push(id);
          continue;
        }
        refused.add(id);
      } else {
        this.scrapeErrors()[answer.kind].add(1);
        log.debug(`process ${id} did not answer the scrape (${answer.kind}); serving its last known state.`);
      }
      const last = await readJson<ProcessState>(this.member.stateFile(id));
      if (last !== undefined) live.push(last);
    }
    this.refusedBefore = refused;
    const archive = await foldGoneProcesses(this.options.dir, gone, (id) => this.member.stateFile(id), (id) => this.member.socketPath(id));

    if (live.length === 1 && archive.length === 0) return chunked(this.serializer.serialize(own.resourceMetrics));
    const merged = mergeStates(live, archive);
    return chunked(this.serializer.serialize(stateToResourceMetrics(merged, own.resourceMetrics.resource, hrTime())));
  }

  /** Registered on the first error, so that a service without any shows no such family. */
  private scrapeErrors(): Record<'timeout' | 'unreadable', SumCell> {
    if (this.errors === undefined) {
      const errors = this.store.counter(NODEPROM_SCRAPE_ERRORS);
      this.errors = { timeout: errors.cell({ 'error.type': 'timeout' }), unreadable: errors.cell({ 'error.type': 'unreadable' }) };
    }
    return this.errors;
  }

  private async localState(): Promise<{ resourceMetrics: ResourceMetrics; state: ProcessState }> {
    const { resourceMetrics, errors } = await this.reader.collect();
    for (const error of errors) log.errorOnce('collecting metrics', error);
    const families = toPrometheusFamilies(resourceMetrics);
    const scopes = this.storeFamilyNames();
    const state: ProcessState = {
      id: this.member.id,
      pid: process.pid,
      families: familiesToState(families, (name) => (scopes.has(name) ? STORE_SCOPE_NAME : 'other'), this.aggregations()),
    };
    this.lastOtherScopes = state.families.filter((family) => family.scope !== STORE_SCOPE_NAME);
    return { resourceMetrics: families, state };
  }

  private stateAtExit(): ProcessState {
    const families = toPrometheusFamilies(this.store.collectNow().resourceMetrics);
    const ours = familiesToState(families, () => STORE_SCOPE_NAME, this.aggregations());
    return { id: this.member.id, pid: process.pid, families: [...ours, ...this.lastOtherScopes] };
  }

  private storeFamilyNames(): Set<string> {
    return new Set(this.store.definitions().map((definition) => prometheusBaseName(definition.name, definition.unit, definition.kind)));
  }

  private aggregations(): (name: string, kind: MetricKind) => MultiprocessAggregation {
    const byName = new Map<string, MultiprocessAggregation>();
    for (const definition of [...ALL_METRICS, ...this.store.definitions()]) {
      byName.set(prometheusBaseName(definition.name, definition.unit, definition.kind), multiprocessAggregation(definition));
    }
    return (name, kind) => byName.get(name) ?? multiprocessAggregation({ kind });
  }
}
