import type { MetricProducer, MetricReader } from '@opentelemetry/sdk-metrics';
import { log } from './log';
import { toPrometheusFamilies } from './exposition';

/**
 * The contract between what builds a scrape's body and what serves it.
 *
 * - The endpoint (and `metricsHandler()`) negotiates the format, asks a `ScrapeSource` to `open`
 *   a body, then pulls chunks with `next()`, yielding to the event loop between chunks, so that a
 *   scrape of any size never blocks the app for long. It shares one body among concurrent scrapes.
 * - A `ScrapeSource` is this process's store (plus other OpenTelemetry scopes), or, in a
 *   multi-process service, every process's state aggregated.
 */

/** The two text formats the endpoint serves. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

export const EXPOSITION_CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** A body being written, one bounded piece of work per call. */
export interface ExpositionRenderer {
  /**
   * The next part of the body (whole lines; a Buffer is UTF-8), or undefined once the body is
   * complete. An empty part means nothing yet: ask again.
   */
  next(): string | Buffer | undefined;
}

/** Where a scrape's body comes from. */
export interface ScrapeSource {
  /**
   * The formats `open` can render; default both. The endpoint negotiates among these only, so a
   * source without OpenMetrics answers an OpenMetrics-preferring scraper with Prometheus text.
   */
  readonly formats?: readonly ExpositionFormat[];
  /** Collects what the body needs (asynchronously) and returns a renderer that writes it. */
  open(format: ExpositionFormat): Promise<ExpositionRenderer>;
}

const ALL_FORMATS: readonly ExpositionFormat[] = Object.freeze(['openmetrics', 'prometheus']);

/** The formats a source renders. */
export function sourceFormats(source: ScrapeSource): readonly ExpositionFormat[] {
  return source.formats ?? ALL_FORMATS;
}

/** Drains a renderer into one string (tests, `handle.scrape()`); the endpoint streams instead. */
export async function renderToString(source: ScrapeSource, format: ExpositionFormat = 'prometheus'): Promise<string> {
  const renderer = await source.open(format);
  let body = '';
  // Parts are whole lines, so a Buffer never ends inside a character.
  for (let part = renderer.next(); part !== undefined; part = renderer.next())
    body += typeof part === 'string' ? part : part.toString('utf8');
  return body;
}

const CHUNK = 64 * 1024;
const PROMETHEUS_ONLY: readonly ExpositionFormat[] = Object.freeze(['prometheus']);

/**
 * The scrape as it was built before the streaming writer: OpenTelemetry's collection and
 * serializer, one string cut into chunks. Prometheus text only. Kept as the reference the
 * streaming writer (`storeSource`) is compared against; pass the store in `producers` when the
 * reader does not have it.
 */
export function serializerSource(
  reader: MetricReader,
  prefix: string,
  producers: readonly MetricProducer[] = [],
): ScrapeSource {
  // Required here: the exporter loads the SDK, which start-up does not need (issue 11 §7).
  const { PrometheusSerializer } =
    require('@opentelemetry/exporter-prometheus') as typeof import('@opentelemetry/exporter-prometheus');
  // (prefix, appendTimestamp, resourceConstantLabels, withoutTargetInfo, withoutScopeInfo)
  const serializer = new PrometheusSerializer(prefix, false, undefined, false, true);
  return {
    formats: PROMETHEUS_ONLY,
    async open(): Promise<ExpositionRenderer> {
      const { resourceMetrics, errors } = await reader.collect();
      for (const error of errors) log.errorOnce('collecting metrics', error);
      // Producers the reader was not given (nodeprom's store, since the streaming writer reads it directly).
      for (const producer of producers) {
        const produced = await producer.collect();
        resourceMetrics.scopeMetrics.push(...produced.resourceMetrics.scopeMetrics);
      }
      const body = serializer.serialize(toPrometheusFamilies(resourceMetrics));
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
    },
  };
}
