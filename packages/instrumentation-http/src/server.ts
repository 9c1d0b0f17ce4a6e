import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { httpMethodIndex as coreHttpMethodIndex, log, METRICS_ENDPOINT, METRICS_RESPONSE as CORE_METRICS_RESPONSE, type HttpRequestEnd, type HttpServerRecorder, monotonicMs as coreMonotonicMs } from '@nodeprom/core';
import { ROUTE, type RoutedRequest } from './route';

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

const STARTED_AT = Symbol('nodeprom.http.startedAt');
/** `method * 2 + https`, packed so that one property holds both. */
const KIND = Symbol('nodeprom.http.kind');

interface TrackedResponse extends ServerResponse {
  [STARTED_AT]: number;
  [KIND]: number;
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
 * completed response from one cut short.
 */
export class ServerRequestHook {
  /** Reused for every request: filled and handed to the recorder synchronously. */
  private readonly end: HttpRequestEnd = {
    method: 0, https: false, route: undefined, status: 0, aborted: false, durationSeconds: 0, requestBodySize: -1, responseBodySize: -1,
  };
  // Both handlers are bound once and shared by every request. They catch inline rather than through
  // core's `guarded`, which would add a call (`fn.call`) per request on the hottest path.
  private readonly onClose: (this: TrackedResponse) => void;
  readonly onRequestStart: (message: unknown) => void;

  constructor(public recorder: HttpServerRecorder) {
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
  }

  private requestStarted({ request, response, socket, server }: RequestStartMessage): void {
    if (server[METRICS_ENDPOINT] === true) return;
    const tracked = response as TrackedResponse;
    const method = httpMethodIndex(request.method);
    const https = socket.encrypted === true;
    tracked[STARTED_AT] = monotonicMs();
    tracked[KIND] = method * 2 + (https ? 1 : 0);
    this.recorder.requestStarted(method, https);
    tracked.on('close', this.onClose);
  }

  private requestEnded(response: TrackedResponse): void {
    const end = this.end;
    const kind = response[KIND];
    if (response[METRICS_RESPONSE] === true) {
      this.recorder.requestLeftOut(kind >> 1, (kind & 1) === 1);
      return;
    }
    const request = response.req as IncomingMessage & RoutedRequest;
    end.method = kind >> 1;
    end.https = (kind & 1) === 1;
    end.route = request[ROUTE];
    end.aborted = !response.writableFinished;
    end.status = response.headersSent ? response.statusCode : 0;
    end.durationSeconds = (monotonicMs() - response[STARTED_AT]) / 1000;
    end.requestBodySize = requestContentLength(request);
    end.responseBodySize = end.aborted ? -1 : responseContentLength(response);
    this.recorder.requestEnded(end);
  }
}
