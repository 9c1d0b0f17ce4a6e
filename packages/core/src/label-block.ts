import type { Attributes } from '@opentelemetry/api';

/**
 * Renders an attribute set as the inside of a Prometheus label block (`a="x",b="y"`), once per
 * series rather than once per scrape. The rules are exactly those of OpenTelemetry's
 * `PrometheusSerializer` (attribute order as given, names sanitized, values escaped, non-strings
 * JSON-encoded), so that nodeprom's own writer produces the same text.
 */
const INVALID_NAME_CHARACTERS = /[^a-z0-9_]/gi;
const REPEATED_UNDERSCORES = /_{2,}/g;

export function labelName(key: string): string {
  return key.replace(INVALID_NAME_CHARACTERS, '_').replace(REPEATED_UNDERSCORES, '_');
}

export function labelValue(value: unknown): string {
  const text = value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
  return text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

export function renderLabels(attributes: Attributes): string {
  let block = '';
  for (const key of Object.keys(attributes)) {
    if (block !== '') block += ',';
    block += `${labelName(key)}="${labelValue(attributes[key])}"`;
  }
  return block;
}

/** `# HELP` text: Prometheus 0.0.4 escapes backslash and newline; OpenMetrics also the double quote. */
export function helpText(description: string, openMetrics: boolean): string {
  const text = (description || 'description missing').replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return openMetrics ? text.replace(/"/g, '\\"') : text;
}

/** A sample value as both formats write it. */
export function sampleValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return `${value}`;
}
