import { performance } from 'node:perf_hooks';
import type { DataPoint, Histogram, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { kindOf, prometheusBaseName } from './exposition';
import type { ExpositionWriter } from './exposition-writer';
import type { ForeignReader } from './lazy-sdk';
import { renderLabels } from './label-block';
import { log } from './log';
import {
  mergeHint,
  multiprocessAggregation,
  NODEPROM_SCRAPE_DURATION,
  NODEPROM_SCRAPE_SERIES,
  type MetricKind,
} from './metrics';
import { EXPONENTIAL_HISTOGRAM_POINTS } from './sdk-values';
import type { FamilyState, FamilyView, MergeHint, ScrapeState, ScrapeView, SeriesState } from './scrape-state';
import type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';
import { attributesKey, StoreGauge, STORE_SCOPE_NAME, type MetricStore } from './store';

let writerModule: typeof import('./exposition-writer') | undefined;

/** The exposition writer, loaded by the first scrape rather than by every preloaded process at start-up (issue 11 §7). */
export function expositionWriter(): typeof ExpositionWriter {
  writerModule ??= require('./exposition-writer') as typeof import('./exposition-writer');
  return writerModule.ExpositionWriter;
}

/** A family being gathered: the view the writer reads, plus what deduplication needs. */
interface Gathering {
  view: {
    name: string;
    kind: MetricKind;
    help: string;
    unit: string;
    boundaries?: readonly number[];
    merge: MergeHint;
    series: Iterable<SeriesState>;
  };
  /** Whether nodeprom's own instrument already has a series with this `attributesKey`. */
  readonly ownKey: (key: string) => boolean;
  foreign: SeriesState[] | undefined;
  seen: Set<string> | undefined;
}

function* chain(first: Iterable<SeriesState>, second: Iterable<SeriesState>): Generator<SeriesState> {
  yield* first;
  yield* second;
}

/** Counters, histograms and up-down counters add up across processes; so do gauges unless defined otherwise. */
function defaultMerge(_kind: MetricKind): MergeHint {
  return 'sum';
}

/** nodeprom's own families: the live cells, not copied. Gauges are observed now. */
function ownFamilies(store: MetricStore, families: Map<string, Gathering>): void {
  for (const instrument of store.list()) {
    const definition = instrument.definition;
    let series: Iterable<SeriesState>;
    let ownKey: (key: string) => boolean;
    let boundaries: readonly number[] | undefined;
    if (instrument instanceof StoreGauge) {
      const observed = instrument.observe();
      const keys = new Set(observed.map((one) => one.key));
      series = observed;
      ownKey = (key) => keys.has(key);
    } else {
      const cells = instrument.cells;
      series = cells.values();
      ownKey = (key) => cells.has(key);
      if ('boundaries' in instrument) boundaries = instrument.boundaries as unknown as number[];
    }
    families.set(instrument.familyName, {
      view: {
        name: instrument.familyName,
        kind: definition.kind,
        help: definition.description,
        unit: definition.unit,
        boundaries,
        merge: mergeHint(multiprocessAggregation(definition)),
        series,
      },
      ownKey,
      foreign: undefined,
      seen: undefined,
    });
  }
}

function finiteBounds(histogram: Histogram): { boundaries: number[]; counts: number[] } {
  const { boundaries, counts } = histogram.buckets;
  // An explicit +Inf boundary (some aggregators write one) is the implied last bucket.
  if (boundaries.length > 0 && boundaries[boundaries.length - 1] === Infinity) {
    return { boundaries: boundaries.slice(0, -1), counts: counts.slice(0, boundaries.length) };
  }
  return { boundaries: [...boundaries], counts: [...counts] };
}

function sameBounds(a: readonly number[] | ArrayLike<number> | undefined, b: readonly number[]): boolean {
  if (a === undefined || a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Other scopes (a user's own @opentelemetry/api metrics) joined in one family per name after
 * nodeprom's own: where two scopes report the very same series, the first (nodeprom's) is kept.
 */
function foreignFamilies(collected: ResourceMetrics, families: Map<string, Gathering>): void {
  for (const scope of collected.scopeMetrics) {
    if (scope.scope.name === STORE_SCOPE_NAME) continue;
    for (const metric of scope.metrics) {
      if (metric.dataPointType === EXPONENTIAL_HISTOGRAM_POINTS) {
        log.warnOnce(
          `exponential ${metric.descriptor.name}`,
          `metric ${metric.descriptor.name} from ${scope.scope.name} is an exponential histogram, which the Prometheus text formats cannot carry; it is left out.`,
        );
        continue;
      }
      const kind = kindOf(metric);
      const name = prometheusBaseName(metric.descriptor.name, metric.descriptor.unit, kind);
      let family = families.get(name);
      if (family === undefined) {
        family = {
          view: {
            name,
            kind,
            help: metric.descriptor.description,
            unit: metric.descriptor.unit,
            boundaries: undefined,
            merge: defaultMerge(kind),
            series: [],
          },
          ownKey: () => false,
          foreign: undefined,
          seen: undefined,
        };
        families.set(name, family);
      } else if (family.view.kind !== kind) {
        log.warnOnce(
          `family ${name}`,
          `metric ${name} from ${scope.scope.name} is a ${kind}, but another scope already exposes it as a ${family.view.kind}; only the first is served.`,
        );
        continue;
      }
      const foreign = (family.foreign ??= []);
      const seen = (family.seen ??= new Set());
      for (const point of metric.dataPoints as DataPoint<unknown>[]) {
        const key = attributesKey(point.attributes);
        if (seen.has(key) || family.ownKey(key)) continue;
        seen.add(key);
        const labels = renderLabels(point.attributes);
        if (kind !== 'histogram') {
          foreign.push({ labels, value: point.value as number });
          continue;
        }
        const histogram = point.value as Histogram;
        const { boundaries, counts } = finiteBounds(histogram);
        family.view.boundaries ??= boundaries;
        const own = sameBounds(family.view.boundaries, boundaries) ? undefined : boundaries;
        foreign.push({ labels, counts, sum: histogram.sum, count: histogram.count, ownBoundaries: own });
      }
    }
  }
}

/** Gathers what a body needs: this process's store, then the reader's other scopes and resource. */
export function gatherView(store: MetricStore, collected: ResourceMetrics | undefined): ScrapeView {
  const families = new Map<string, Gathering>();
  ownFamilies(store, families);
  if (collected !== undefined) foreignFamilies(collected, families);
  const views: FamilyView[] = [];
  for (const family of families.values()) {
    const view = family.view;
    if (family.foreign !== undefined && family.foreign.length > 0) view.series = chain(view.series, family.foreign);
    views.push(view);
  }
  return {
    resource: collected === undefined ? undefined : renderLabels(collected.resource.attributes),
    families: views,
  };
}

/** Copies a view into plain, JSON-able data (arrays of numbers, no cells). */
export function materialize(view: ScrapeView): ScrapeState {
  const families: FamilyState[] = [];
  for (const family of view.families) {
    const series: SeriesState[] = [];
    for (const one of family.series) {
      const foreignBounds = one.ownBoundaries;
      if (family.kind === 'histogram') {
        const copy: { labels: string; counts: number[]; sum?: number; count: number; ownBoundaries?: number[] } = {
          labels: one.labels,
          counts: Array.from(one.counts!),
          count: one.count!,
        };
        if (one.sum !== undefined) copy.sum = one.sum;
        if (foreignBounds !== undefined) copy.ownBoundaries = Array.from(foreignBounds);
        series.push(copy);
      } else {
        series.push({ labels: one.labels, value: one.value! });
      }
    }
    const state: FamilyState = {
      name: family.name,
      kind: family.kind,
      help: family.help,
      unit: family.unit,
      merge: family.merge,
      series,
    };
    if (family.boundaries !== undefined)
      (state as { boundaries?: number[] }).boundaries = Array.from(family.boundaries);
    families.push(state);
  }
  return { version: 1, resource: view.resource, families };
}

/**
 * Self-observation: `nodeprom_scrape_duration_seconds` and `nodeprom_scrape_series`, recorded into
 * `store` when a body completes. Duration counts the time spent collecting and in `next()` calls,
 * not the pauses between chunks (that is the app's time, not the scrape's cost).
 */
export class ScrapeObserver {
  private readonly duration;
  private lastSamples = 0;

  constructor(store: MetricStore) {
    this.duration = store.histogram(NODEPROM_SCRAPE_DURATION).cell({});
    store.gauge(NODEPROM_SCRAPE_SERIES, (observe) => observe(this.lastSamples, {}));
  }

  /** Wraps `writer` so that its completion is recorded; `spentMs` is what opening it took. */
  observe(writer: ExpositionWriter, spentMs: number): ExpositionRenderer {
    let spent = spentMs;
    let recorded = false;
    return {
      next: () => {
        const start = performance.now();
        const part = writer.next();
        spent += performance.now() - start;
        if (part === undefined && !recorded) {
          recorded = true;
          this.duration.record(spent / 1000);
          this.lastSamples = writer.samples;
        }
        return part;
      },
    };
  }
}

export interface StoreScrapeSource extends ScrapeSource {
  /** This process's state as plain data (for a multi-process merge). */
  exportState(): Promise<ScrapeState>;
  /** Records this store's scrape metrics; pass it to `stateSource` to observe a merged scrape too. */
  readonly observer: ScrapeObserver;
}

async function collectForeign(reader: ForeignReader | undefined): Promise<ResourceMetrics | undefined> {
  if (reader === undefined) return undefined;
  const { resourceMetrics, errors } = await reader.collect();
  for (const error of errors) log.errorOnce('collecting metrics', error);
  return resourceMetrics;
}

/**
 * The scrape of this process: nodeprom's store written by `ExpositionWriter` straight from its
 * cells, merged with what `reader` collects from other scopes (and `target_info` from its
 * resource). `reader` must not have `store` among its producers, or the store would be
 * collected twice (once the slow way).
 */
export function storeSource(store: MetricStore, reader: ForeignReader | undefined, prefix: string): StoreScrapeSource {
  const observer = new ScrapeObserver(store);
  return {
    observer,
    async open(format: ExpositionFormat): Promise<ExpositionRenderer> {
      const start = performance.now();
      const view = gatherView(store, await collectForeign(reader));
      return observer.observe(new (expositionWriter())(view, format, prefix), performance.now() - start);
    },
    async exportState(): Promise<ScrapeState> {
      return materialize(gatherView(store, await collectForeign(reader)));
    },
  };
}

/**
 * The scrape of data gathered elsewhere, such as every process's state merged: the same writer as
 * `storeSource`. `observer` (optional) records the scrape's own metrics.
 */
export function stateSource(load: () => Promise<ScrapeState>, prefix: string, observer?: ScrapeObserver): ScrapeSource {
  return {
    async open(format: ExpositionFormat): Promise<ExpositionRenderer> {
      const start = performance.now();
      const writer = new (expositionWriter())(await load(), format, prefix);
      return observer === undefined ? writer : observer.observe(writer, performance.now() - start);
    },
  };
}
