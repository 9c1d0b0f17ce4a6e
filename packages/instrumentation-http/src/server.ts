import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import {
  httpMethodIndex as coreHttpMethodIndex,
  log,
  METRICS_ENDPOINT,
  METRICS_RESPONSE as CORE_METRICS_RESPONSE,
  type HttpRequestEnd,
  type HttpServerRecorder,
  monotonicMs as coreMonotonicMs,
} from '@nodeprom/core';
import * as diagnosticsChannel from 'node:diagnostics_channel';
import { InFlightRequests, Started } from './in-flight';
import { ROUTE, setRouteExclusion, type RoutedRequest } from './route';

// Bound once: a call through @nodeprom/core's exports object costs a getter call (see core's clock).
const monotonicMs = coreMonotonicMs;
const httpMethodIndex = coreHttpMethodIndex;
const METRICS_RESPONSE: typeof CORE_METRICS_RESPONSE = CORE_METRICS_RESPONSE;

/** Hook: node's `http.server.request.start` and `http.server.response.finish` channels (http and https servers alike). */
export const REQUEST_START_CHANNEL = 'http.server.request.start';
export const RESPONSE_FINISH_CHANNEL = 'http.server.response.finish';

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
 * Turns node's request-start and response-finish messages into `HttpRequestEnd` events, with no
 * listener added per response: a response that finishes is recorded from node's
 * `http.server.response.finish` channel; one cut short (client gone, socket destroyed, server
 * timeout) from its connection's 'close', watched once per connection. That is what returns the
 * in-flight gauge to zero whatever happens. A pipelined request (rare) is watched through its
 * response's own 'close' as well. Nothing is written on node's objects (see `InFlightRequests`); a
 * request's method and scheme are read again at the end. Its start time is also its "being
 * recorded" mark: a request taken out by an exclusion, or already recorded, is not recorded again.
 */
export class ServerRequestHook {
  /** Reused for every request: filled and handed to the recorder synchronously. */
  private readonly end: HttpRequestEnd = {
    method: 0,
    https: false,
    route: undefined,
    status: 0,
    aborted: false,
    durationSeconds: 0,
    requestBodySize: -1,
    responseBodySize: -1,
  };
  private readonly inFlight = new InFlightRequests();
  /** Exact paths (`NODEPROM_HTTP_EXCLUDE`), or undefined when none: requests on them are never tracked. */
  private readonly excludedPaths: ReadonlySet<string> | undefined;
  private subscribed = false;
  /** Disabled with requests in flight: the finish channel stays until they are recorded. */
  private draining = false;
  // The handlers are bound once and shared by every request. They catch inline rather than through
  // core's `guarded`, which would add a call (`fn.call`) per request on the hottest path.
  private readonly onRequestStart: (message: unknown) => void;
  private readonly onResponseFinish: (message: unknown) => void;
  private readonly onResponseClose: (this: TrackedResponse) => void;
  private readonly onConnectionClose: (this: Socket) => void;

  constructor(
    public recorder: HttpServerRecorder,
    exclude: readonly string[] = [],
  ) {
    const hook = this;
    this.onRequestStart = (message: unknown) => {
      try {
        this.requestStarted(message as RequestStartMessage);
      } catch (error) {
        log.errorOnce('http: request start', error);
      }
    };
    this.onResponseFinish = (message: unknown) => {
      try {
        const { response, socket } = message as RequestStartMessage;
        this.requestEnded(response as TrackedResponse, socket);
      } catch (error) {
        log.errorOnce('http: recording a request', error);
      }
    };
    this.onResponseClose = function onResponseClose(this: TrackedResponse) {
      try {
        hook.requestEnded(this, this.req.socket);
      } catch (error) {
        log.errorOnce('http: recording a request', error);
      }
    };
    this.onConnectionClose = function onConnectionClose(this: Socket) {
      try {
        const response = hook.inFlight.current(this);
        if (response !== null) hook.requestEnded(response as TrackedResponse, this);
      } catch (error) {
        log.errorOnce('http: recording a request', error);
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
    // Still subscribed when re-enabled before the requests of a disable were all recorded.
    if (!this.draining) diagnosticsChannel.subscribe(RESPONSE_FINISH_CHANNEL, this.onResponseFinish);
    this.draining = false;
  }

  /** A request-start message published before this hook subscribed (see `HttpInstrumentation#requestStarted`). */
  requestStartedBeforeSubscribed(message: unknown): void {
    if (this.subscribed) this.onRequestStart(message);
  }

  /** New requests are no longer recorded; those in flight still are, then the finish channel goes too. */
  disable(): void {
    if (!this.subscribed) return;
    this.subscribed = false;
    diagnosticsChannel.unsubscribe(REQUEST_START_CHANNEL, this.onRequestStart);
    this.draining = true;
    this.drained();
  }

  private drained(): void {
    if (this.draining && this.inFlight.size === 0) {
      this.draining = false;
      diagnosticsChannel.unsubscribe(RESPONSE_FINISH_CHANNEL, this.onResponseFinish);
    }
  }

  private requestStarted({ request, response, socket, server }: RequestStartMessage): void {
    if (server[METRICS_ENDPOINT] === true) return;
    if (this.excludedPaths !== undefined && this.excludedPaths.has(pathOf(request.url))) return;
    const method = httpMethodIndex(request.method);
    const https = socket.encrypted === true;
    const started = this.inFlight.start(response, socket, monotonicMs(), method * 2 + (https ? 1 : 0));
    this.recorder.requestStarted(method, https);
    if (started === Started.InNewSlot) socket.on('close', this.onConnectionClose);
    else if (started === Started.Pipelined) response.on('close', this.onResponseClose);
  }

  /** Takes a request that matched an excluded route out of the in-flight gauge; its end records nothing. */
  private untrack(request: IncomingMessage): void {
    if (this.inFlight.take(request, request.socket) === undefined) return;
    this.recorder.requestExcluded(
      httpMethodIndex(request.method),
      (request.socket as (Socket & { encrypted?: boolean }) | null)?.encrypted === true,
    );
    if (this.draining) this.drained();
  }

  private requestEnded(response: TrackedResponse, socket: (Socket & { encrypted?: boolean }) | null): void {
    const request = response.req;
    const startedAt = this.inFlight.take(request, socket);
    if (startedAt === undefined) return;
    const end = this.end;
    const kind = this.inFlight.takenKind;
    if (kind !== -1) {
      end.method = kind >> 1;
      end.https = (kind & 1) === 1;
    } else {
      end.method = httpMethodIndex(request.method);
      end.https = (socket ?? (request.socket as (Socket & { encrypted?: boolean }) | null))?.encrypted === true;
    }
    if (response[METRICS_RESPONSE] === true) {
      // A scrape served by metricsHandler() in the app: not an app request.
      this.recorder.requestExcluded(end.method, end.https);
      if (this.draining) this.drained();
      return;
    }
    end.route = request[ROUTE];
    end.aborted = !response.writableFinished;
    end.status = response.headersSent ? response.statusCode : 0;
    end.durationSeconds = (monotonicMs() - startedAt) / 1000;
    end.requestBodySize = requestContentLength(request);
    end.responseBodySize = end.aborted ? -1 : responseContentLength(response);
    this.recorder.requestEnded(end);
    if (this.draining) this.drained();
  }
}

/** The path of a request target, without its query; allocates only when there is a query. */
function pathOf(url: string | undefined): string {
  if (url === undefined) return '';
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}
