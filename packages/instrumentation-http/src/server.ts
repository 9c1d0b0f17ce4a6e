import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { httpMethodIndex as coreHttpMethodIndex, log, METRICS_ENDPOINT, METRICS_RESPONSE as CORE_METRICS_RESPONSE, type HttpRequestEnd, type HttpServerRecorder, monotonicMs as coreMonotonicMs } from '@nodeprom/core';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { InFlightRequests } from './in-flight';
import { ROUTE, setRouteExclusion, type RoutedRequest } from './route';

// Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock).
const monotonicMs = coreMonotonicMs;
const httpMethodIndex = coreHttpMethodIndex;
const METRICS_RESPONSE: typeof CORE_METRICS_RESPONSE = CORE_METRICS_RESPONSE;

/** Hook: node's `http.server.request.start` channel (http and https servers alike). */
export const REQUEST_START_CHANNEL = 'http.server.request.start';

interface RequestStartMessage {
  request: IncomingMessage & RoutedRequest;
  response: ServerResponse;
  socket: Socket & { encrypted?: boolean };
  server: Server & { [METRICS_ENDPOINT]?: boolean };
}

interface TrackedResponse extends ServerResponse {
  req: IncomingMessage & RoutedRequest;
  /** Set by core's scrape responder: a scrape mounted in the app (`metricsHandler()`), not an app request. */
  [METRICS_RESPONSE]?: boolean;
  /** Node sets it from the Content-Length it sends, whether the app set the header or `end(body)` did. */
  _contentLength?: number | null;
}

function requestContentLength(request: IncomingMessage): number {
  // rawHeaders rather than `headers`: the latter is built lazily, and building it is most of the cost.
  const raw = request.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!;
    if (name.length === 14 && name.toLowerCase() === 'content-length') return toLength(raw[i + 1]);
  }
  return -1;
}

function responseContentLength(response: TrackedResponse): number {
  const length = response._contentLength;
  if (typeof length === 'number') return length;
  return toLength(response.getHeader('content-length'));
}

function toLength(value: unknown): number {
  const length = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isSafeInteger(length) && length >= 0 ? length : -1;
}

/**
 * Turns node's request-start messages and the response's 'close' into `HttpRequestEnd` events.
 * 'close' fires once per response whatever happens (finished, aborted, timed out, socket
 * destroyed), which is what returns the in-flight gauge to zero; `writableFinished` tells a
 * completed response from one cut short. Tried and measured: node's `http.server.response.finish`
 * channel plus a 'close' listener per connection (for aborts) was not cheaper, and needs more code.
 * Nothing is written on the request or response (see `InFlightRequests`). A request's start time is
 * also its "being recorded" mark: one taken out by an exclusion is not recorded when it ends.
 */
export class ServerRequestHook {
  /** Reused for every request: filled and handed to the recorder synchronously. */
  private readonly end: HttpRequestEnd = {
    method: 0, https: false, route: undefined, status: 0, aborted: false, durationSeconds: 0, requestBodySize: -1, responseBodySize: -1,
  };
  private readonly inFlight = new InFlightRequests();
  /** Exact paths (`NODEPROM_HTTP_EXCLUDE`), or undefined when none: requests on them are never tracked. */
  private readonly excludedPaths: ReadonlySet<string> | undefined;
  private subscribed = false;
  // Both handlers are bound once and shared by every request. They catch inline rather than through
  // core's `guarded`, which would add a call (`fn.call`) per request on the hottest path.
  private readonly onRequestStart: (message: unknown) => void;
  private readonly onClose: (this: TrackedResponse) => void;

  constructor(public recorder: HttpServerRecorder, exclude: readonly string[] = []) {
    const hook = this;
    this.onClose = function onResponseClose(this: TrackedResponse) {
      try {
        hook.requestEnded(this);
      } catch (error) {
        log.errorOnce('http: recording a request', error);
      }
    };
    this.onRequestStart = (message: unknown) => {
      try {
        this.requestStarted(message as RequestStartMessage);
      } catch (error) {
        log.errorOnce('http: request start', error);
      }
    };
    const excluded = new Set(exclude);
    this.excludedPaths = excluded.size > 0 ? excluded : undefined;
    setRouteExclusion(excluded, (request) => {
      try {
        this.untrack(request as IncomingMessage);
      } catch (error) {
        log.errorOnce('http: excluding a request', error);
      }
    });
  }

  enable(): void {
    if (this.subscribed) return;
    this.subscribed = true;
    diagnosticsChannel.subscribe(REQUEST_START_CHANNEL, this.onRequestStart);
  }

  /** New requests are no longer recorded; those in flight still are, by their 'close' listener. */
  disable(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, this.onRequestStart);
  }

  private requestStarted({ request, response, socket, server }: RequestStartMessage): void {
    if (server[METRICS_ENDPOINT] === true) return;
    if (this.excludedPaths !== undefined && this.excludedPaths.has(pathOf(request.url))) return;
    const method = httpMethodIndex(request.method);
    const https = socket.encrypted === true;
    this.inFlight.start(request, socket, monotonicMs(), method * 2 + (https ? 1 : 0));
    this.recorder.requestStarted(method, https);
    response.on('close', this.onClose);
  }

  /** Takes a request that matched an excluded route out of the in-flight gauge; its end records nothing. */
  private untrack(request: IncomingMessage): void {
    if (this.inFlight.take(request) === undefined) return;
    this.recorder.requestExcluded(httpMethodIndex(request.method), (request.socket as Socket & { encrypted?: boolean } | null)?.encrypted === true);
  }

  private requestEnded(response: TrackedResponse): void {
    const request = response.req;
    const startedAt = this.inFlight.take(request);
    if (startedAt === undefined) return;
    const end = this.end;
    const kind = this.inFlight.takenKind;
    if (kind !== -1) {
      end.method = kind >> 1;
      end.https = (kind & 1) === 1;
    } else {
      end.method = httpMethodIndex(request.method);
      end.https = (request.socket as Socket & { encrypted?: boolean } | null)?.encrypted === true;
    }
    if (response[METRICS_RESPONSE] === true) {
      this.recorder.requestExcluded(end.method, end.https);
      return;
    }
    end.route = request[ROUTE];
    end.aborted = !response.writableFinished;
    end.status = response.headersSent ? response.statusCode : 0;
    end.durationSeconds = (monotonicMs() - startedAt) / 1000;
    end.requestBodySize = requestContentLength(request);
    end.responseBodySize = end.aborted ? -1 : responseContentLength(response);
    this.recorder.requestEnded(end);
  }
}

/** The path of a request target, without its query; allocates only when there is a query. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
