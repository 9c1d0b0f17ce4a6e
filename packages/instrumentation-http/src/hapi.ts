import { log, patchOnce, permanentPatch } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { setRoute, type RoutedRequest } from './route';

/** @hapi/hapi versions whose Request is patched; tested with hapi 20 and 21. */
export const HAPI_VERSIONS = '>=20.0.0 <22';

/*
 * Route templates for hapi. hapi publishes no diagnostics channel for routing, so its request's
 * `_lookup` (where the router's match becomes `request.route`) is wrapped: afterwards the matched
 * route's path, a template such as `/orders/{id}` with a plugin's prefix already applied, is left
 * on node's request. hapi's own 404 and 400 handlers are "special" routes (method `_special`, path
 * `/{p*}`): they give no template, so an unmatched path has no http_route.
 */

interface HapiRoute {
  method?: unknown;
  path?: unknown;
}
interface HapiRequest {
  _route?: HapiRoute;
  raw?: { req?: RoutedRequest };
  _lookup: (this: HapiRequest) => void;
}

function patchRequest(prototype: HapiRequest): void {
  const lookup = prototype._lookup;
  if (typeof lookup !== 'function') {
    log.debug('hapi Request#_lookup not found; hapi routes will have no http_route');
    return;
  }
  prototype._lookup = function _lookup(this: HapiRequest) {
    lookup.call(this);
    try {
      const route = this._route;
      const req = this.raw?.req;
      if (route !== undefined && route.method !== '_special' && typeof route.path === 'string' && req !== undefined) {
        setRoute(req, route.path);
      }
    } catch (error) {
      log.errorOnce('http: hapi route template', error);
    }
  };
}

export function hapiModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('@hapi/hapi', [HAPI_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile(
        '@hapi/hapi/lib/request.js',
        [HAPI_VERSIONS],
        (exports: { prototype: HapiRequest }) => (patchOnce(exports.prototype, patchRequest), exports),
        permanentPatch,
      ),
    ]),
  ];
}
