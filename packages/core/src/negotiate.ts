import type { ExpositionFormat } from './scrape-source';

/**
 * Content negotiation for the scrape, as Prometheus's Go client does it (`expfmt.Negotiate`):
 * media ranges in order of preference (q, then their order in the header); the first one we can
 * serve wins; Prometheus text 0.0.4 when none matches. Hand-written because it is a dozen lines
 * and runs once per scrape (a one-entry cache keeps a scraper's repeated header cheap).
 */

interface MediaRange {
  readonly type: string;
  readonly version: string | undefined;
  readonly q: number;
}

function parseRanges(header: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [type = '', ...params] = part.split(';');
    let version: string | undefined;
    let q = 1;
    for (const param of params) {
      const equals = param.indexOf('=');
      if (equals === -1) continue;
      const name = param.slice(0, equals).trim().toLowerCase();
      const value = param
        .slice(equals + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
      if (name === 'q') q = Number.isFinite(Number(value)) ? Number(value) : 0;
      else if (name === 'version') version = value;
    }
    const trimmed = type.trim().toLowerCase();
    if (trimmed !== '' && q > 0) ranges.push({ type: trimmed, version, q });
  }
  // Array.prototype.sort is stable: equal q keeps the header's order.
  return ranges.sort((a, b) => b.q - a.q);
}

function formatFor(range: MediaRange, formats: readonly ExpositionFormat[]): ExpositionFormat | undefined {
  switch (range.type) {
    case 'application/openmetrics-text':
      // 0.0.1 is the draft Prometheus still lists; 1.0.0 is a superset a 0.0.1 parser reads.
      if (range.version === undefined || range.version === '1.0.0' || range.version === '0.0.1') {
        return formats.includes('openmetrics') ? 'openmetrics' : undefined;
      }
      return undefined;
    case 'text/plain':
      return range.version === undefined || range.version === '0.0.4' ? 'prometheus' : undefined;
    case 'text/*':
    case '*/*':
      return 'prometheus';
    default:
      return undefined;
  }
}

let lastAccept: string | undefined;
let lastFormats: readonly ExpositionFormat[] | undefined;
let lastFormat: ExpositionFormat = 'prometheus';

/** The format to answer with, among those the source can render. */
export function negotiateFormat(accept: string | undefined, formats: readonly ExpositionFormat[]): ExpositionFormat {
  if (accept === undefined || accept === '') return 'prometheus';
  if (accept === lastAccept && formats === lastFormats) return lastFormat;
  let chosen: ExpositionFormat = 'prometheus';
  for (const range of parseRanges(accept)) {
    const format = formatFor(range, formats);
    if (format !== undefined) {
      chosen = format;
      break;
    }
  }
  lastAccept = accept;
  lastFormats = formats;
  lastFormat = chosen;
  return chosen;
}

/** Whether `Accept-Encoding` allows gzip (`gzip`, `x-gzip` or `*` with a q above 0). */
export function acceptsGzip(acceptEncoding: string | undefined): boolean {
  if (acceptEncoding === undefined || acceptEncoding === '') return false;
  let wildcard = false;
  for (const range of parseRanges(acceptEncoding)) {
    if (range.type === 'gzip' || range.type === 'x-gzip') return true;
    if (range.type === '*') wildcard = true;
  }
  // `gzip;q=0` was dropped by parseRanges; it must also veto the wildcard.
  return wildcard && !/(^|,)\s*(x-)?gzip\s*;\s*q\s*=\s*0(\.0*)?\s*(,|$)/i.test(acceptEncoding);
}
