import * as diagnosticsChannel from 'node:diagnostics_channel';
import {
  DEFAULT_HTTP_DURATION_BUCKETS,
  guarded,
  HttpServerRecorder,
  NodepromInstrumentation,
  type MetricSink,
} from '@nodeprom/core';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { EXPRESS_VERSIONS, expressModuleDefinitions, ROUTER_VERSIONS } from './express';
import { FASTIFY_INIT_CHANNEL, onFastifyInitialization } from './fastify';
import { HAPI_VERSIONS, hapiModuleDefinitions } from './hapi';
import { KOA_VERSIONS, koaModuleDefinitions } from './koa';
import { ServerRequestHook } from './server';

export interface HttpInstrumentationConfig extends InstrumentationConfig {
  /**
   * Bucket boundaries of `http.server.request.duration`, in seconds.
   * @default the semantic-convention buckets, 0.005 … 10
   */
  durationBuckets?: readonly number[];
  /**
   * Requests recorded nowhere (not in duration, sizes or in-flight): route templates (`/users/:id`)
   * and exact paths (`/healthz`, compared without the query string).
   * @default none
   */
  exclude?: readonly string[];
}

const PACKAGE_VERSION = '0.1.0';

/**
 * HTTP server metrics for node:http and node:https servers, with route templates from express 4
 * and 5, fastify 4 and 5, koa 2 and 3 (with @koa/router) and hapi 20 and 21 (NestJS through its
 * express or fastify adapter). Requests are observed through node's diagnostics channel, so an ESM
 * app needs no loader hook.
 */
/** Only the route templates depend on hooking the framework; every request is still counted. */
const ROUTES_MISSING = 'its requests have no route template (http_route); they are still counted';

export class HttpInstrumentation extends NodepromInstrumentation<HttpInstrumentationConfig> {
  declare private recorder: HttpServerRecorder;
  declare private hook: ServerRequestHook;
  declare private onFastify: (message: unknown) => void;

  constructor(config: HttpInstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-http', PACKAGE_VERSION, config);
  }

  protected init() {
    return [...expressModuleDefinitions(), ...koaModuleDefinitions(), ...hapiModuleDefinitions()];
  }

  protected onSink(sink: MetricSink): void {
    this.recorder = new HttpServerRecorder(sink, this.getConfig().durationBuckets ?? DEFAULT_HTTP_DURATION_BUCKETS);
    if (this.hook !== undefined) this.hook.recorder = this.recorder;
  }

  protected override onEnable(): void {
    // Route templates come from require-time patches; requests are still counted either way.
    this.warnIfLoadedEarly('express', EXPRESS_VERSIONS, ROUTES_MISSING);
    this.warnIfLoadedEarly('router', ROUTER_VERSIONS, ROUTES_MISSING);
    this.warnIfLoadedEarly('koa', KOA_VERSIONS, ROUTES_MISSING);
    this.warnIfLoadedEarly('@hapi/hapi', HAPI_VERSIONS, ROUTES_MISSING);
    this.hook ??= new ServerRequestHook(this.recorder, this.getConfig().exclude);
    this.onFastify ??= guarded('http: fastify instance', onFastifyInitialization);
    this.hook.enable();
    diagnosticsChannel.subscribe(FASTIFY_INIT_CHANNEL, this.onFastify);
  }

  /**
   * Records a request whose start this layer did not see: the one whose start made the layer (a
   * server that never listened; core's `Layers` hands it over). Ignored while disabled.
   */
  requestStarted(message: unknown): void {
    if (this.isEnabled()) this.hook?.requestStartedBeforeSubscribed(message);
  }

  protected override onDisable(): void {
    this.hook?.disable();
    if (this.onFastify !== undefined) diagnosticsChannel.unsubscribe(FASTIFY_INIT_CHANNEL, this.onFastify);
  }
}
