import type { DataPoint, MetricData, ResourceMetrics } from '@opentelemetry/sdk-metrics';
import { log } from './log';
import type { MetricDefinition, MetricKind } from './metrics';
import { EXPONENTIAL_HISTOGRAM_POINTS, HISTOGRAM_POINTS, SUM_POINTS } from './sdk-values';
import { attributesKey, STORE_SCOPE_NAME } from './store';

/** UCUM units and the Prometheus suffix each becomes (OpenTelemetry's Prometheus compatibility rules). */
const UNIT_WORDS: Readonly<Record<string, string>> = {
  d: 'days',
  h: 'hours',
  min: 'minutes',
  s: 'seconds',
  ms: 'milliseconds',
  us: 'microseconds',
  ns: 'nanoseconds',
  By: 'bytes',
  KiBy: 'kibibytes',
  MiBy: 'mebibytes',
  GiBy: 'gibibytes',
  KBy: 'kilobytes',
  MBy: 'megabytes',
  GBy: 'gigabytes',
  bit: 'bits',
  m: 'meters',
  V: 'volts',
  A: 'amperes',
  J: 'joules',
  W: 'watts',
  g: 'grams',
  Cel: 'celsius',
  Hz: 'hertz',
  '%': 'percent',
};

/** The Prometheus word for a UCUM unit (`s` → `seconds`), or '' for none. */
export function unitSuffix(unit: string, kind: MetricKind): string {
  // Annotations in braces ({request}, {row}) carry no unit.
  const bare = unit.replace(/\{[^}]*\}/g, '').trim();
  if (bare === '') return '';
  if (bare === '1') return kind === 'gauge' ? 'ratio' : '';
  const [numerator = '', denominator] = bare.split('/');
  const words = [UNIT_WORDS[numerator] ?? numerator];
  if (denominator !== undefined) words.push('per', UNIT_WORDS[denominator] ?? denominator);
  return words.filter((word) => word !== '').join('_');
}

function sanitize(name: string): string {
  return name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/_{2,}/g, '_');
}

/**
 * The Prometheus name of a metric, without the `_total` the serializer appends to counters:
 * dots become underscores and the unit becomes a suffix (`http.server.request.duration` in `s`
 * becomes `http_server_request_duration_seconds`), unless the name already ends with it.
 */
export function prometheusBaseName(name: string, unit: string, kind: MetricKind): string {
  let result = sanitize(name);
  const suffix = sanitize(unitSuffix(unit, kind));
  if (suffix !== '' && !result.endsWith(`_${suffix}`) && !result.includes(`_${suffix}_`)) result += `_${suffix}`;
  return result;
}

/** The full name a user sees and queries, `_total` included for counters. */
export function prometheusName(definition: MetricDefinition, prefix = ''): string {
  const base = prometheusBaseName(definition.name, definition.unit, definition.kind);
  const full = definition.kind === 'counter' && !base.endsWith('_total') ? `${base}_total` : base;
  return prefix === '' ? full : `${prefix}_${full}`;
}

/** The kind of a collected metric, as nodeprom names kinds. */
export function kindOf(metric: MetricData): MetricKind {
  switch (metric.dataPointType) {
    case HISTOGRAM_POINTS:
    case EXPONENTIAL_HISTOGRAM_POINTS:
      return 'histogram';
    case SUM_POINTS:
      return metric.isMonotonic ? 'counter' : 'updowncounter';
    default:
      return 'gauge';
  }
}

interface Family {
  readonly metric: MetricData;
  readonly points: DataPoint<unknown>[];
  readonly seen: Set<string>;
}

/**
 * Prepares collected metrics for Prometheus: names get their unit suffix, and every name becomes
 * exactly one family. OpenTelemetry's exporter writes one family per instrumentation scope, so two
 * scopes emitting `db.client.operation.duration` (ours and a tracing instrumentation's, or a user's)
 * would produce a repeated family, which Prometheus rejects. nodeprom's own scope is read first,
 * so where two scopes report the very same series, ours is kept.
 */
export function toPrometheusFamilies(resourceMetrics: ResourceMetrics): ResourceMetrics {
  const families = new Map<string, Family>();
  const scopes = [...resourceMetrics.scopeMetrics].sort(
    (a, b) => Number(b.scope.name === STORE_SCOPE_NAME) - Number(a.scope.name === STORE_SCOPE_NAME),
  );
  for (const scope of scopes) {
    for (const metric of scope.metrics) {
      const kind = kindOf(metric);
      const name = prometheusBaseName(metric.descriptor.name, metric.descriptor.unit, kind);
      let family = families.get(name);
      if (family === undefined) {
        const renamed = { ...metric, descriptor: { ...metric.descriptor, name, unit: '' } } as MetricData;
        family = { metric: renamed, points: [], seen: new Set() };
        families.set(name, family);
      } else if (kindOf(family.metric) !== kind) {
        log.warnOnce(
          `family ${name}`,
          `metric ${name} from ${scope.scope.name} is a ${kind}, but another scope already exposes it as a ${kindOf(family.metric)}; only the first is served.`,
        );
        continue;
      }
      for (const point of metric.dataPoints as DataPoint<unknown>[]) {
        const key = attributesKey(point.attributes);
        if (family.seen.has(key)) continue;
        family.seen.add(key);
        family.points.push(point);
      }
    }
  }
  const metrics: MetricData[] = [];
  for (const family of families.values()) {
    metrics.push({ ...family.metric, dataPoints: family.points } as MetricData);
  }
  return { resource: resourceMetrics.resource, scopeMetrics: [{ scope: { name: 'nodeprom' }, metrics }] };
}
