import type { Attributes } from '@opentelemetry/api';
import {
  HTTP_SERVER_ACTIVE_REQUESTS,
  HTTP_SERVER_REQUEST_BODY_SIZE,
  HTTP_SERVER_REQUEST_DURATION,
  HTTP_SERVER_RESPONSE_BODY_SIZE,
} from './metrics';
import type { HistogramCell, Instrument, MetricSink, SumCell } from './sink';

/** The methods semantic conventions name; any other becomes `_OTHER`, so the label stays bounded. */
export const HTTP_METHODS = [
  'CONNECT',
  'DELETE',
  'GET',
  'HEAD',
  'OPTIONS',
  'PATCH',
  'POST',
  'PUT',
  'QUERY',
  'TRACE',
  '_OTHER',
] as const;
const OTHER_METHOD = HTTP_METHODS.length - 1;

/** Index of a request's method in `HTTP_METHODS`; a switch rather than a lookup object, so `__proto__` and friends are `_OTHER` too. */
export function httpMethodIndex(method: string | undefined): number {
  switch (method) {
    case 'GET':
      return 2;
    case 'POST':
      return 6;
    case 'PUT':
      return 7;
    case 'DELETE':
      return 1;
    case 'HEAD':
      return 3;
    case 'PATCH':
      return 5;
    case 'OPTIONS':
      return 4;
    case 'CONNECT':
      return 0;
    case 'QUERY':
      return 8;
    case 'TRACE':
      return 9;
    default:
      return OTHER_METHOD;
  }
}

/** The end of one request as the HTTP layer reports it. */
export interface HttpRequestEnd {
  /** From `httpMethodIndex`. */
  method: number;
  https: boolean;
  /** The route template a framework matched, or undefined (then the series has no `http_route`). */
  route: string | undefined;
  /** The status sent, or 0 when no response head was sent. */
  status: number;
  /** The client went away (or the socket was destroyed) before the response ended. */
  aborted: boolean;
  durationSeconds: number;
  /** Body sizes in bytes, or -1 when not known. */
  requestBodySize: number;
  responseBodySize: number;
}

interface RequestSeries {
  readonly duration: HistogramCell;
  readonly requestBodySize: HistogramCell;
  readonly responseBodySize: HistogramCell;
}

/**
 * Records the HTTP server metrics. A request's three histograms share one attribute set, so one
 * lookup (route, then a number packing method, scheme, status and abort) finds all three cells.
 */
export class HttpServerRecorder {
  private readonly duration: Instrument<HistogramCell>;
  private readonly requestBodySize: Instrument<HistogramCell>;
  private readonly responseBodySize: Instrument<HistogramCell>;
  private readonly activeRequests: Instrument<SumCell>;
  /**
   * Indexed by `method * 2 + https`; a cell is created by the first request of its kind, so that a
   * method never seen exports no series (an empty series would say "0 in flight" for a kind nobody
   * sends, and multiply the family by 22).
   */
  private readonly active: (SumCell | undefined)[] = new Array<SumCell | undefined>(HTTP_METHODS.length * 2).fill(
    undefined,
  );
  private readonly byRoute = new Map<string | undefined, Map<number, RequestSeries>>();
  private lastRoute: string | undefined = undefined;
  private lastKey = -1;
  private lastSeries: RequestSeries | undefined = undefined;

  constructor(sink: MetricSink, durationBuckets: readonly number[]) {
    this.duration = sink.histogram(HTTP_SERVER_REQUEST_DURATION, durationBuckets);
    this.requestBodySize = sink.histogram(HTTP_SERVER_REQUEST_BODY_SIZE);
    this.responseBodySize = sink.histogram(HTTP_SERVER_RESPONSE_BODY_SIZE);
    this.activeRequests = sink.upDownCounter(HTTP_SERVER_ACTIVE_REQUESTS);
  }

  requestStarted(method: number, https: boolean): void {
    const kind = method * 2 + (https ? 1 : 0);
    (this.active[kind] ?? this.activeCell(kind)).add(1);
  }

  /** A started request left the in-flight gauge without being recorded (an excluded route, or a scrape served by `metricsHandler()`). */
  requestExcluded(method: number, https: boolean): void {
    this.active[method * 2 + (https ? 1 : 0)]?.add(-1);
  }

  private activeCell(kind: number): SumCell {
    const cell = this.activeRequests.cell({
      'http.request.method': HTTP_METHODS[kind >> 1],
      'url.scheme': (kind & 1) === 1 ? 'https' : 'http',
    });
    this.active[kind] = cell;
    return cell;
  }

  requestEnded(end: HttpRequestEnd): void {
    const kind = end.method * 2 + (end.https ? 1 : 0);
    this.active[kind]?.add(-1);
    const key = (kind * 1000 + end.status) * 2 + (end.aborted ? 1 : 0);
    // Most requests repeat the series of the one before (one route and status dominate a service):
    // one comparison then replaces the two Map lookups.
    let series = this.lastSeries;
    if (series === undefined || end.route !== this.lastRoute || key !== this.lastKey) {
      series = this.series(end, key);
      this.lastRoute = end.route;
      this.lastKey = key;
      this.lastSeries = series;
    }
    series.duration.record(end.durationSeconds);
    if (end.requestBodySize >= 0) series.requestBodySize.record(end.requestBodySize);
    if (end.responseBodySize >= 0) series.responseBodySize.record(end.responseBodySize);
  }

  private series(end: HttpRequestEnd, key: number): RequestSeries {
    let byKey = this.byRoute.get(end.route);
    if (byKey === undefined) {
      byKey = new Map();
      this.byRoute.set(end.route, byKey);
    }
    let series = byKey.get(key);
    if (series === undefined) {
      series = this.createSeries(end);
      byKey.set(key, series);
    }
    return series;
  }

  private createSeries(end: HttpRequestEnd): RequestSeries {
    const attributes: Attributes = {
      'http.request.method': HTTP_METHODS[end.method],
      'url.scheme': end.https ? 'https' : 'http',
    };
    if (end.route !== undefined) attributes['http.route'] = end.route;
    if (end.status !== 0) attributes['http.response.status_code'] = end.status;
    if (end.aborted) attributes['error.type'] = 'aborted';
    else if (end.status >= 500) attributes['error.type'] = String(end.status);
    return {
      duration: this.duration.cell(attributes),
      requestBodySize: this.requestBodySize.cell(attributes),
      responseBodySize: this.responseBodySize.cell(attributes),
    };
  }
}
