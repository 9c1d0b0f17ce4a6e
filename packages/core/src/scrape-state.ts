import type { MetricKind } from './metrics';

/**
 * What a scrape body is made of, as plain data: the shape nodeprom's writer renders, whether the
 * series are the live cells of this process's store or the merged state of several processes
 * (they have the same fields, so the single-process path copies nothing). Everything here
 * survives `JSON.stringify` / `JSON.parse` and structured clone.
 */

/**
 * How a family's series combine across processes, a hint for a multi-process merge:
 * `sum` adds values (counters, histograms, up-down counters, most gauges);
 * `max` / `min` keep one extreme (a state every process reports alike, such as applied migrations);
 * `all` keeps every process's series apart (the merge must add a label that tells them apart).
 */
export type MergeHint = 'sum' | 'max' | 'min' | 'all';

/** One series. Counters and gauges carry `value`; histograms `counts`, `sum` and `count`. */
export interface SeriesState {
  /** The label block without braces, rendered once: `http_request_method="GET",http_route="/"`. */
  readonly labels: string;
  readonly value?: number;
  /** Per-bucket (not cumulative) counts, one per boundary plus the +Inf bucket. */
  readonly counts?: ArrayLike<number>;
  readonly sum?: number;
  readonly count?: number;
  /** Histograms: this series' own bounds, only when they differ from the family's (another scope's histogram). */
  readonly ownBoundaries?: ArrayLike<number>;
}

/** One metric family, as the writer renders it. */
export interface FamilyView {
  /** The Prometheus name without prefix and without `_total`: `http_server_request_duration_seconds`. */
  readonly name: string;
  readonly kind: MetricKind;
  readonly help: string;
  /** UCUM unit (`s`, `By`, `{request}`); OpenMetrics gets a `# UNIT` line when the name ends with it. */
  readonly unit: string;
  /** Histograms: finite upper bounds, increasing; the +Inf bucket is implied. */
  readonly boundaries?: readonly number[];
  readonly merge: MergeHint;
  readonly series: Iterable<SeriesState>;
}

export interface FamilyState extends FamilyView {
  readonly boundaries?: number[];
  readonly series: SeriesState[];
}

/** A whole scrape's worth of data from one process (or merged from several). */
export interface ScrapeState {
  readonly version: 1;
  /** `target_info`'s label block (the OpenTelemetry resource), or undefined for no `target_info`. */
  readonly resource: string | undefined;
  /** One family per name, in exposition order (nodeprom's own first). */
  readonly families: FamilyState[];
}

export interface ScrapeView {
  readonly resource: string | undefined;
  readonly families: readonly FamilyView[];
}
