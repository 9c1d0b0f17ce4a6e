import { log, patchOnce, permanentPatch } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { ROUTE, setRoute, type RoutedRequest } from './route';

/** koa versions whose context prototype is patched; tested with koa 2 and 3 (and @koa/router 13 and 15). */
export const KOA_VERSIONS = '>=2.0.0 <4';

/*
 * Route templates for koa. koa publishes nothing, and its routers (@koa/router, koa-router) write
 * the matched layer's full path (prefixes of nested routers included) to `ctx._matchedRoute`, the
 * property apps and middleware already read. So the hook is an accessor for that name on koa's base
 * context prototype: every app's contexts inherit it, the router's assignment lands in the setter,
 * which leaves the template on node's request, and a read returns it as before. No per-request
 * wrapper, no string built: the template is the router's own string. Without a router (or when no
 * route matched) nothing assigns it and the request has no http_route.
 */

const MATCHED_ROUTE = '_matchedRoute';

interface KoaContext {
  req?: RoutedRequest;
}

function defineMatchedRoute(context: object): void {
  if (Object.getOwnPropertyDescriptor(context, MATCHED_ROUTE) !== undefined) return;
  Object.defineProperty(context, MATCHED_ROUTE, {
    configurable: true,
    enumerable: false,
    get(this: KoaContext): string | undefined {
      return this.req?.[ROUTE];
    },
    set(this: KoaContext, template: unknown) {
      try {
        const req = this.req;
        if (req !== undefined && typeof template === 'string') setRoute(req, template);
      } catch (error) {
        log.errorOnce('http: koa route template', error);
      }
    },
  });
}

/** koa's `lib/context.js` exports the prototype of every app's context (koa 2 and 3 alike). */
export function koaModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('koa', [KOA_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile(
        'koa/lib/context.js',
        [KOA_VERSIONS],
        (exports: object) => patchOnce(exports, defineMatchedRoute),
        permanentPatch,
      ),
    ]),
  ];
}
