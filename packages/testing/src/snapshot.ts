import { nearest } from './nearest';
import { parseSamples, type Sample } from './parse';

export type Labels = Readonly<Record<string, string | number>>;

/** Where a snapshot is read from: the running nodeprom in this process, or a scrape URL. */
export type Source = undefined | string | URL;

const HANDLE = Symbol.for('nodeprom.handle');
const SHOWN = 10;

interface NodepromHandle {
  scrape(): Promise<string>;
}

async function read(source: Source): Promise<string> {
  if (source === undefined) {
    const handle = (globalThis as { [HANDLE]?: NodepromHandle })[HANDLE];
    if (handle === undefined) {
      throw new Error(
        'nodeprom is not running in this process: start it first (node --require @nodeprom/auto-register, or registerInstrumentations()), or pass the scrape URL: snapshot("http://127.0.0.1:9464/metrics")',
      );
    }
    return handle.scrape();
  }
  const response = await fetch(source, {
    headers: { accept: 'application/openmetrics-text; version=1.0.0, text/plain; version=0.0.4; q=0.5' },
  });
  const body = await response.text();
  if (!response.ok) throw new Error(`scraping ${String(source)}: HTTP ${response.status}`);
  return body;
}

function formatLabels(labels: Labels): string {
  const entries = Object.entries(labels);
  return entries.length === 0
    ? ''
    : `{${entries.map(([name, value]) => `${name}=${JSON.stringify(String(value))}`).join(',')}}`;
}

function matches(sample: Sample, labels: Labels): boolean {
  for (const name in labels) {
    if (sample.labels[name] !== String(labels[name])) return false;
  }
  return true;
}

/**
 * The metrics of one moment. `value` sums the samples named `name` whose labels include `labels`
 * (so `{ http_route: '/users/:id' }` adds up every method and status of that route); `delta`
 * takes a new snapshot from the same source and returns how much that sum grew since this one.
 */
export class Snapshot {
  readonly samples: readonly Sample[];

  constructor(
    readonly text: string,
    private readonly source: Source = undefined,
  ) {
    this.samples = parseSamples(text);
  }

  /** The label sets of the series named `name` (a sample name: `..._count`, `..._total`, `..._bucket`). */
  series(name: string): Array<Readonly<Record<string, string>>> {
    return this.samples.filter((sample) => sample.name === name).map((sample) => sample.labels);
  }

  /**
   * Sum of the matching samples. Throws, listing the nearest names or series, when `name` is not
   * exposed, a label name is not one that series of `name` carry, or no series matches.
   */
  value(name: string, labels: Labels = {}): number {
    this.check(name, labels, [this]);
    const named = this.samples.filter((sample) => sample.name === name);
    if (!named.some((sample) => matches(sample, labels))) {
      const wanted = `${name}${formatLabels(labels)}`;
      const byText = new Map(named.map((sample) => [`${name}${formatLabels(sample.labels)}`, sample.value]));
      throw new Error(
        [
          `no series matches ${wanted}. Nearest series:`,
          ...nearest(wanted, byText.keys(), SHOWN).map((text) => `  ${text} ${byText.get(text)}`),
        ].join('\n'),
      );
    }
    return this.sum(name, labels);
  }

  /** How much `value(name, labels)` grew between this snapshot and now (a new snapshot from the same source). */
  async delta(name: string, labels: Labels = {}): Promise<number> {
    const after = await snapshot(this.source);
    return this.deltaTo(after, name, labels);
  }

  /**
   * How much `value(name, labels)` grew between this snapshot and `after`. A series missing from a
   * snapshot counts as 0 there (so a route that was never recorded has a delta of 0), but an
   * unknown name or label name throws as `value` does.
   */
  deltaTo(after: Snapshot, name: string, labels: Labels = {}): number {
    this.check(name, labels, [this, after]);
    return after.sum(name, labels) - this.sum(name, labels);
  }

  private sum(name: string, labels: Labels): number {
    let total = 0;
    for (const sample of this.samples) {
      if (sample.name === name && matches(sample, labels)) total += sample.value;
    }
    return total;
  }

  private check(name: string, labels: Labels, snapshots: Snapshot[]): void {
    const named = snapshots.flatMap((s) => s.samples.filter((sample) => sample.name === name));
    if (named.length === 0) {
      const names = snapshots.flatMap((s) => s.samples.map((sample) => sample.name));
      throw new Error(
        `no series named ${name}${snapshots.length > 1 ? ' before or after' : ''}. Nearest names: ${nearest(name, names).join(', ') || '(the scrape is empty)'}`,
      );
    }
    const known = new Set(named.flatMap((sample) => Object.keys(sample.labels)));
    const unknown = Object.keys(labels).filter((label) => !known.has(label));
    if (unknown.length === 0) return;
    const shown = named.slice(0, SHOWN).map((sample) => `  ${name}${formatLabels(sample.labels)} ${sample.value}`);
    throw new Error(
      [
        `${name}${formatLabels(labels)}: no series of ${name} has the label${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}` +
          ` (did you mean ${unknown.map((label) => nearest(label, known, 1)[0]).join(', ')}?). Its series:`,
        ...shown,
        ...(named.length > SHOWN ? [`  … and ${named.length - SHOWN} more`] : []),
      ].join('\n'),
    );
  }
}

/**
 * The metrics now: from the nodeprom running in this process (no argument), or scraped from `url`.
 * Both text formats are read (Prometheus 0.0.4 and OpenMetrics 1.0.0).
 */
export async function snapshot(source?: Source): Promise<Snapshot> {
  return new Snapshot(await read(source), source);
}
