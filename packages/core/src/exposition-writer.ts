import { unitSuffix } from './exposition';
import { helpText, sampleValue } from './label-block';
import type { FamilyView, ScrapeView, SeriesState } from './scrape-state';
import type { ExpositionFormat, ExpositionRenderer } from './scrape-source';

/** About how much text one `next()` writes before handing the event loop back. */
export const CHUNK_CHARACTERS = 64 * 1024;

const PROMETHEUS_TYPE = { histogram: 'histogram', counter: 'counter', updowncounter: 'gauge', gauge: 'gauge' } as const;

/** The names one family's lines use, worked out once per scrape. */
interface FamilyLines {
  readonly header: string;
  /** Counters and gauges: the sample name. Histograms: the name `_bucket`, `_count` and `_sum` hang off. */
  readonly sample: string;
  /** Histograms: `le="0.005"} ` … `le="+Inf"} ` (closing the block, before the value). */
  readonly le: readonly string[];
  /** Histograms: the sample names of the three line kinds. */
  readonly bucket: string;
  readonly count: string;
  readonly sum: string;
}

function fullName(name: string, prefix: string): string {
  const prefixed = prefix === '' ? name : `${prefix}_${name}`;
  return prefixed[0]! >= '0' && prefixed[0]! <= '9' ? `_${prefixed}` : prefixed;
}

function familyLines(family: FamilyView, prefix: string, openMetrics: boolean): FamilyLines {
  const name = fullName(family.name, prefix);
  const type = PROMETHEUS_TYPE[family.kind];
  let header: string;
  let sample = name;
  if (openMetrics) {
    // OpenMetrics: a counter family is named without `_total`; its samples carry it.
    const familyName = family.kind === 'counter' && name.endsWith('_total') ? name.slice(0, -6) : name;
    if (family.kind === 'counter') sample = `${familyName}_total`;
    header = `# HELP ${familyName} ${helpText(family.help, true)}\n# TYPE ${familyName} ${type}\n`;
    const unit = unitSuffix(family.unit, family.kind);
    // OpenMetrics requires the unit to be a suffix of the family name; otherwise no UNIT line.
    if (unit !== '' && familyName.endsWith(`_${unit}`)) header += `# UNIT ${familyName} ${unit}\n`;
  } else {
    if (family.kind === 'counter' && !name.endsWith('_total')) sample = `${name}_total`;
    header = `# HELP ${sample} ${helpText(family.help, false)}\n# TYPE ${sample} ${type}\n`;
  }
  const histogram = family.kind === 'histogram';
  return {
    header,
    sample,
    le: histogram ? leLabels(family.boundaries ?? []) : [],
    bucket: `${sample}_bucket`,
    count: `${sample}_count`,
    sum: `${sample}_sum`,
  };
}

function leLabels(boundaries: ArrayLike<number>): string[] {
  const le: string[] = [];
  for (let i = 0; i < boundaries.length; i++) le.push(`le="${boundaries[i]}"} `);
  le.push('le="+Inf"} ');
  return le;
}

/**
 * Writes the exposition of a `ScrapeView` a bounded piece at a time: each `next()` concatenates
 * pre-rendered label blocks with current numbers until about `CHUNK_CHARACTERS` are written, then
 * returns. Prometheus text 0.0.4 is identical to what OpenTelemetry's `PrometheusSerializer` writes
 * for the same data (count and sum before buckets, `target_info` first); OpenMetrics 1.0.0 gets
 * counter families without `_total`, `# UNIT` where the name carries it, `info`-typed `target`,
 * buckets before `_count`/`_sum`, no `_created`, and `# EOF`.
 */
export class ExpositionWriter implements ExpositionRenderer {
  /** Sample lines written so far (a histogram series writes one per bucket, plus `_count` and `_sum`). */
  samples = 0;
  private readonly openMetrics: boolean;
  private familyIndex = -1;
  private lines: FamilyLines | undefined;
  private series: Iterator<SeriesState> | undefined;
  private done = false;

  constructor(
    private readonly view: ScrapeView,
    format: ExpositionFormat,
    private readonly prefix: string,
  ) {
    this.openMetrics = format === 'openmetrics';
  }

  next(): string | undefined {
    if (this.done) return undefined;
    let out = '';
    if (this.familyIndex === -1) {
      out += this.targetInfo();
      this.familyIndex = 0;
    }
    const families = this.view.families;
    while (out.length < CHUNK_CHARACTERS) {
      if (this.series === undefined) {
        const family = families[this.familyIndex];
        if (family === undefined) {
          out += this.end();
          this.done = true;
          break;
        }
        this.lines = familyLines(family, this.prefix, this.openMetrics);
        out += this.lines.header;
        this.series = family.series[Symbol.iterator]();
      }
      out += this.writeSeries(families[this.familyIndex]!.kind === 'histogram');
    }
    return out;
  }

  private targetInfo(): string {
    const resource = this.view.resource;
    if (resource === undefined) return '';
    this.samples++;
    const sample = resource === '' ? 'target_info 1\n' : `target_info{${resource}} 1\n`;
    return this.openMetrics
      ? `# HELP target Target metadata\n# TYPE target info\n${sample}`
      : `# HELP target_info Target metadata\n# TYPE target_info gauge\n${sample}`;
  }

  private end(): string {
    if (this.openMetrics) return '# EOF\n';
    // As OpenTelemetry's serializer says when there is nothing at all.
    return this.view.families.length === 0 ? '# no registered metrics' : '';
  }

  /** Writes series of the current family until the chunk is full or the family is done. */
  private writeSeries(histogram: boolean): string {
    const series = this.series!;
    const { sample, le: familyLe, bucket, count, sum } = this.lines!;
    const openMetrics = this.openMetrics;
    let out = '';
    let written = 0;
    for (;;) {
      const step = series.next();
      if (step.done === true) {
        this.series = undefined;
        this.familyIndex++;
        break;
      }
      const item = step.value;
      const labels = item.labels;
      if (histogram) {
        const bucketOpen = labels === '' ? `${bucket}{` : `${bucket}{${labels},`;
        const block = labels === '' ? ' ' : `{${labels}} `;
        const counts = item.counts!;
        const le = item.ownBoundaries === undefined ? familyLe : leLabels(item.ownBoundaries);
        let buckets = '';
        let cumulative = 0;
        for (let i = 0; i < le.length; i++) {
          cumulative += counts[i] ?? 0;
          buckets += bucketOpen + le[i] + cumulative + '\n';
        }
        let totals = count + block + sampleValue(item.count!) + '\n';
        if (item.sum !== undefined) totals += sum + block + sampleValue(item.sum) + '\n';
        out += openMetrics ? buckets + totals : totals + buckets;
        written += le.length + 2;
      } else {
        out +=
          labels === ''
            ? `${sample} ${sampleValue(item.value!)}\n`
            : `${sample}{${labels}} ${sampleValue(item.value!)}\n`;
        written++;
      }
      if (out.length >= CHUNK_CHARACTERS) break;
    }
    this.samples += written;
    return out;
  }
}
