import { unitSuffix } from './exposition';
import { helpText, sampleValue } from './label-block';
import type { FamilyView, ScrapeView, SeriesState } from './scrape-state';
import { givePiece, PIECE_BYTES, takePiece } from './piece-pool';
import type { ExpositionFormat, ExpositionRenderer } from './scrape-source';

/**
 * About how many bytes one `next()` writes before handing the event loop back: a piece of the
 * piece pool, which the writer fills in well under a millisecond.
 */
export const CHUNK_CHARACTERS = PIECE_BYTES;

const PROMETHEUS_TYPE = { histogram: 'histogram', counter: 'counter', updowncounter: 'gauge', gauge: 'gauge' } as const;

/** The names one family's lines use, worked out once per scrape. */
interface FamilyLines {
  readonly header: string;
  /** Counters and gauges: the sample name. Histograms: the name `_bucket`, `_count` and `_sum` hang off. */
  readonly sample: string;
  /** Histograms: `le="0.005"} ` … `le="+Inf"} ` (closing the block, before the value). */
  readonly le: readonly string[];
  /** The same names as bytes: `sample`, and for histograms `_bucket{`, `_count`, `_sum` and the `le` blocks. */
  readonly sampleBytes: Buffer;
  readonly bucketOpenBytes: Buffer;
  readonly countBytes: Buffer;
  readonly sumBytes: Buffer;
  readonly leBytes: readonly Buffer[];
  /** Bytes any line of this family takes besides its label block and its value. */
  readonly lineOverhead: number;
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
  const le = histogram ? leLabels(family.boundaries ?? []) : [];
  const leBytes = le.map((block) => Buffer.from(block));
  const sampleBytes = Buffer.from(sample);
  return {
    header,
    sample,
    le,
    sampleBytes,
    bucketOpenBytes: Buffer.from(`${sample}_bucket{`),
    countBytes: Buffer.from(`${sample}_count`),
    sumBytes: Buffer.from(`${sample}_sum`),
    leBytes,
    // `_bucket{` + `,` + the longest le block, or `{` + `} `; and the newline.
    lineOverhead: sampleBytes.length + 9 + longest(leBytes) + 4,
  };
}

function leLabels(boundaries: ArrayLike<number>): string[] {
  const le: string[] = [];
  for (let i = 0; i < boundaries.length; i++) le.push(`le="${boundaries[i]}"} `);
  le.push('le="+Inf"} ');
  return le;
}

/** The most bytes `sampleValue` or an integer can take (`-1.2345678901234567e-308` and the like). */
const VALUE_BYTES = 26;
const NEWLINE = 10;
const SPACE = 32;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const COMMA = 44;

/**
 * Writes the exposition of a `ScrapeView` a bounded piece at a time: each `next()` fills a Buffer
 * of about `CHUNK_CHARACTERS` bytes with whole lines, then returns it. The bytes are written
 * straight into the Buffer (names encoded once per family, each series' label block encoded once
 * per series and copied to its other lines, integers written digit by digit) rather than built as
 * strings and encoded: string concatenation makes ropes of thousands of small pieces, and
 * flattening and encoding them cost ten times what writing the lines does.
 *
 * Prometheus text 0.0.4 is identical to what OpenTelemetry's `PrometheusSerializer` writes for
 * the same data (count and sum before buckets, `target_info` first); OpenMetrics 1.0.0 gets
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
  /** A series taken from the iterator that did not fit in the previous piece. */
  private pending: SeriesState | undefined;
  private done = false;
  private buffer: Buffer = Buffer.alloc(0);
  private at = 0;

  constructor(
    private readonly view: ScrapeView,
    format: ExpositionFormat,
    private readonly prefix: string,
  ) {
    this.openMetrics = format === 'openmetrics';
  }

  next(): Buffer | undefined {
    if (this.done) return undefined;
    this.buffer = takePiece();
    this.at = 0;
    if (this.familyIndex === -1) {
      this.text(this.targetInfo());
      this.familyIndex = 0;
    }
    const families = this.view.families;
    for (;;) {
      if (this.series === undefined) {
        const family = families[this.familyIndex];
        if (family === undefined) {
          if (!this.room(3 * 32)) break;
          this.text(this.end());
          this.done = true;
          break;
        }
        const lines = familyLines(family, this.prefix, this.openMetrics);
        if (!this.room(3 * lines.header.length)) break;
        this.lines = lines;
        this.text(lines.header);
        this.series = family.series[Symbol.iterator]();
      }
      if (!this.writeSeries(families[this.familyIndex]!.kind === 'histogram')) break;
    }
    const piece = this.buffer.subarray(0, this.at);
    this.buffer = Buffer.alloc(0);
    return piece;
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

  /** Whether `bytes` more fit in this piece; an empty piece grows to take them (one very large series). */
  private room(bytes: number): boolean {
    if (this.at + bytes <= this.buffer.length) return true;
    if (this.at > 0) return false;
    givePiece(this.buffer);
    this.buffer = Buffer.allocUnsafe(bytes);
    return true;
  }

  private text(text: string): void {
    if (text === '') return;
    // Headers and target_info: rare, and of any length (help text, resource attributes).
    if (this.at + 3 * text.length > this.buffer.length) {
      const grown = Buffer.allocUnsafe(this.at + 3 * text.length + CHUNK_CHARACTERS);
      this.buffer.copy(grown, 0, 0, this.at);
      givePiece(this.buffer);
      this.buffer = grown;
    }
    this.at += this.buffer.write(text, this.at);
  }

  /**
   * Writes series of the current family until the piece is full (false) or the family is done
   * (true, and the next family is current).
   */
  private writeSeries(histogram: boolean): boolean {
    const series = this.series!;
    const lines = this.lines!;
    const openMetrics = this.openMetrics;
    let written = 0;
    let full = false;
    for (;;) {
      let item = this.pending;
      this.pending = undefined;
      if (item === undefined) {
        const step = series.next();
        if (step.done === true) {
          this.series = undefined;
          this.familyIndex++;
          break;
        }
        item = step.value;
      }
      const labels = item.labels;
      if (histogram) {
        const le = item.ownBoundaries === undefined ? lines.leBytes : leBytesOf(item.ownBoundaries);
        // UTF-8 takes at most 3 bytes per UTF-16 unit; a series' own le blocks can be longer than the family's.
        const lineBytes =
          lines.lineOverhead + 3 * labels.length + VALUE_BYTES + (le === lines.leBytes ? 0 : longest(le));
        if (!this.room(lineBytes * (le.length + 2))) {
          this.pending = item;
          full = true;
          break;
        }
        if (openMetrics) {
          this.buckets(lines, labels, item.counts!, le);
          this.totals(lines, labels, item);
        } else {
          this.totals(lines, labels, item);
          this.buckets(lines, labels, item.counts!, le);
        }
        written += le.length + 2;
      } else {
        if (!this.room(lines.lineOverhead + 3 * labels.length + VALUE_BYTES)) {
          this.pending = item;
          full = true;
          break;
        }
        this.bytes(lines.sampleBytes);
        this.labelBlock(labels);
        this.value(sampleValue(item.value!));
        written++;
      }
    }
    this.samples += written;
    return !full;
  }

  /** `_count` and `_sum` lines (`name{labels} value`, or `name value` without labels). */
  private totals(lines: FamilyLines, labels: string, item: SeriesState): void {
    this.bytes(lines.countBytes);
    this.labelBlock(labels);
    this.integerOrValue(item.count!);
    if (item.sum !== undefined) {
      this.bytes(lines.sumBytes);
      this.labelBlock(labels);
      this.value(sampleValue(item.sum));
    }
  }

  /**
   * The cumulative bucket lines. The first line's `name_bucket{labels,` is written, and copied to
   * the lines after it (one copy instead of the name, the labels and the comma).
   */
  private buckets(lines: FamilyLines, labels: string, counts: ArrayLike<number>, le: readonly Buffer[]): void {
    const buffer = this.buffer;
    const open = lines.bucketOpenBytes;
    const prefixAt = this.at;
    buffer.set(open, this.at);
    this.at += open.length;
    if (labels !== '') {
      this.at += buffer.write(labels, this.at);
      buffer[this.at++] = COMMA;
    }
    const prefixLength = this.at - prefixAt;
    let cumulative = 0;
    for (let i = 0; i < le.length; i++) {
      if (i > 0) {
        buffer.copyWithin(this.at, prefixAt, prefixAt + prefixLength);
        this.at += prefixLength;
      }
      cumulative += counts[i] ?? 0;
      const block = le[i]!;
      buffer.set(block, this.at);
      this.at += block.length;
      this.integerOrValue(cumulative);
    }
  }

  private bytes(bytes: Buffer): void {
    this.buffer.set(bytes, this.at);
    this.at += bytes.length;
  }

  /** `{labels} ` or, without labels, ` `. */
  private labelBlock(labels: string): void {
    const buffer = this.buffer;
    if (labels !== '') {
      buffer[this.at++] = OPEN_BRACE;
      this.at += buffer.write(labels, this.at);
      buffer[this.at++] = CLOSE_BRACE;
    }
    buffer[this.at++] = SPACE;
  }

  /** A value and the newline: non-negative safe integers digit by digit, anything else as `sampleValue` writes it. */
  private integerOrValue(value: number): void {
    if (!Number.isSafeInteger(value) || value < 0) {
      this.value(sampleValue(value));
      return;
    }
    const buffer = this.buffer;
    let digits = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) digits++;
    let at = this.at + digits - 1;
    let rest = value;
    do {
      const tenth = Math.floor(rest / 10);
      buffer[at--] = 48 + rest - tenth * 10;
      rest = tenth;
    } while (rest > 0);
    this.at += digits;
    buffer[this.at++] = NEWLINE;
  }

  /** A value already as text (ASCII: digits, sign, point, exponent, `+Inf`, `NaN`) and the newline. */
  private value(text: string): void {
    const buffer = this.buffer;
    let at = this.at;
    for (let i = 0; i < text.length; i++) buffer[at++] = text.charCodeAt(i);
    buffer[at++] = NEWLINE;
    this.at = at;
  }
}

function leBytesOf(boundaries: ArrayLike<number>): Buffer[] {
  return leLabels(boundaries).map((block) => Buffer.from(block));
}

function longest(blocks: readonly Buffer[]): number {
  let length = 0;
  for (const block of blocks) if (block.length > length) length = block.length;
  return length;
}
