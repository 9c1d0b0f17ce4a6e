import { log, patchOnce, permanentPatch } from '@nodeprom/core';
import { InstrumentationNodeModuleDefinition, InstrumentationNodeModuleFile } from '@opentelemetry/instrumentation';
import { setRoute, type RoutedRequest } from './route';

/*
 * Route templates for express. express 4 keeps its router in `express/lib/router/`; express 5 uses
 * the `router` package. Both have the same shape, so one patch serves both: `use` and `route` tag
 * what they add with the router that owns it, a mounted router's layer gets a wrapper that records
 * which mount the request went through, and `Route#dispatch` writes the full template
 * (mount prefixes + route path) on the request. Templates are concatenated once per (mount, route)
 * pair and cached, so a request only sets two properties and does a Map lookup.
 */

/** express 4 (its own router) and express 5 (the `router` package): the versions patched, tested with express 4.22 and 5.3. */
export const EXPRESS_VERSIONS = '>=4.0.0 <5';
export const ROUTER_VERSIONS = '>=2.0.0 <3';

// `this` is whatever express calls a handler with; the patches below only pass it on.
type Handler = (this: any, req: Request, res: unknown, next: unknown) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
type Request = RoutedRequest & { [CONTEXT]?: MountContext };

interface Layer {
  handle: Handler;
  route?: RouteObject;
  [OWNER]?: RouterObject;
}
interface RouteObject {
  path: unknown;
  dispatch: Handler;
  [OWNER]?: RouterObject;
}
interface RouterObject {
  stack: Layer[];
  use: (...args: unknown[]) => unknown;
  route: (path: unknown) => RouteObject;
  handle: Handler;
  [ROOT_CONTEXT]?: MountContext;
}
interface RouterExports extends RouterObject {
  prototype?: RouterObject;
}
interface RouteExports {
  prototype: RouteObject;
}

const CONTEXT = Symbol('nodeprom.express.context');
const OWNER = Symbol('nodeprom.express.owner');
const ROOT_CONTEXT = Symbol('nodeprom.express.root');

/** Where a request is in the tree of mounted routers; shared by all requests taking that path. */
class MountContext {
  private readonly children = new Map<Layer, MountContext>();
  private readonly templates = new Map<RouteObject, string>();
  constructor(
    readonly parent: MountContext | undefined,
    readonly prefix: string,
    /** The router whose routes this context prefixes; set on first use for a mounted app. */
    public router: RouterObject | undefined,
  ) {}

  child(layer: Layer, mountPath: string, router: RouterObject | undefined): MountContext {
    let child = this.children.get(layer);
    if (child === undefined) {
      child = new MountContext(this, this.prefix + mountPath, router);
      this.children.set(layer, child);
    }
    return child;
  }

  template(route: RouteObject): string {
    let template = this.templates.get(route);
    if (template === undefined) {
      const path = pathText(route.path);
      template = this.prefix === '' ? path : path === '/' ? this.prefix : this.prefix + path;
      this.templates.set(route, template);
    }
    return template;
  }
}

function pathText(path: unknown): string {
  // Paths come from the app's code (strings, arrays, regular expressions): bounded by construction.
  return Array.isArray(path) ? path.map(String).join(',') : String(path);
}

function mountPathText(path: unknown): string {
  const text = pathText(path);
  return text === '/' ? '' : text.endsWith('/') ? text.slice(0, -1) : text;
}

function rootContext(router: RouterObject): MountContext {
  return (router[ROOT_CONTEXT] ??= new MountContext(undefined, '', router));
}

/** The request's context inside `router`: the innermost one entered for it, or its root. */
function contextIn(req: Request, router: RouterObject | undefined): MountContext | undefined {
  if (router === undefined) return undefined;
  let context = req[CONTEXT];
  // A context deeper than `router` is left over from a mounted router the request came back out of.
  while (context !== undefined && context.router !== router) context = context.parent;
  return context ?? rootContext(router);
}

function isRouter(handle: unknown): handle is RouterObject {
  return (
    typeof handle === 'function' &&
    Array.isArray((handle as Partial<RouterObject>).stack) &&
    typeof (handle as Partial<RouterObject>).handle === 'function'
  );
}

function wrapMount(layer: Layer, mountPath: string): void {
  const original = layer.handle;
  // A mounted express app reaches its own router through app.handle; its context learns that
  // router when the router's handle runs (see patchRouter).
  const mountedRouter = isRouter(original) ? original : undefined;
  const mounted = function mounted(this: unknown, req: Request, res: unknown, next: unknown) {
    try {
      const parent = contextIn(req, layer[OWNER]);
      if (parent !== undefined) req[CONTEXT] = parent.child(layer, mountPath, mountedRouter);
    } catch (error) {
      log.errorOnce('http: express mount', error);
    }
    return original.call(this, req, res, next);
  };
  // Tools that list an app's routes read `layer.handle.stack` of mounted routers: the wrapper
  // inherits every property of the router it wraps.
  Object.setPrototypeOf(mounted, original);
  layer.handle = mounted;
}

function patchRouter(target: RouterObject): void {
  const use = target.use;
  const route = target.route;
  const handle = target.handle;
  target.use = function patchedUse(this: RouterObject, ...args: unknown[]) {
    const before = Array.isArray(this.stack) ? this.stack.length : 0;
    const result = use.apply(this, args);
    try {
      let mountPath: unknown = '/';
      if (typeof args[0] !== 'function') {
        let first = args[0];
        while (Array.isArray(first) && first.length > 0) first = first[0];
        if (typeof first !== 'function') mountPath = args[0];
      }
      for (let i = before; i < this.stack.length; i++) {
        const layer = this.stack[i]!;
        layer[OWNER] = this;
        if (isRouter(layer.handle) || layer.handle.name === 'mounted_app') wrapMount(layer, mountPathText(mountPath));
      }
    } catch {
      // Tagging is best effort: without it a route is reported without its mount prefix.
    }
    return result;
  };
  target.route = function patchedRoute(this: RouterObject, path: unknown) {
    const created = route.call(this, path);
    if (created !== null && typeof created === 'object') created[OWNER] = this;
    return created;
  };
  target.handle = function patchedHandle(this: RouterObject, req: Request, res: unknown, next: unknown) {
    const context = req?.[CONTEXT];
    if (context !== undefined && context.router === undefined) context.router = this;
    return handle.call(this, req, res, next);
  };
}

function patchRoute(target: RouteObject): void {
  const dispatch = target.dispatch;
  target.dispatch = function patchedDispatch(this: RouteObject, req: Request, res: unknown, next: unknown) {
    try {
      const context = contextIn(req, this[OWNER]);
      setRoute(req, context !== undefined ? context.template(this) : pathText(this.path));
    } catch (error) {
      log.errorOnce('http: express route template', error);
    }
    return dispatch.call(this, req, res, next);
  };
}

/** The files patched (for good: see `permanentPatch`); templates keep being written while the layer is disabled. */
export function expressModuleDefinitions(): InstrumentationNodeModuleDefinition[] {
  return [
    new InstrumentationNodeModuleDefinition('express', [EXPRESS_VERSIONS], undefined, undefined, [
      new InstrumentationNodeModuleFile(
        'express/lib/router/index.js',
        [EXPRESS_VERSIONS],
        (exports: RouterExports) => patchOnce(exports, patchRouter),
        permanentPatch,
      ),
      new InstrumentationNodeModuleFile(
        'express/lib/router/route.js',
        [EXPRESS_VERSIONS],
        (exports: RouteExports) => (patchOnce(exports.prototype, patchRoute), exports),
        permanentPatch,
      ),
    ]),
    // express 5's router; its index.js is the package's main file, so it is patched as the module.
    new InstrumentationNodeModuleDefinition(
      'router',
      [ROUTER_VERSIONS],
      (exports: RouterExports) => (patchOnce(exports.prototype!, patchRouter), exports),
      permanentPatch,
      [
        new InstrumentationNodeModuleFile(
          'router/lib/route.js',
          [ROUTER_VERSIONS],
          (exports: RouteExports) => (patchOnce(exports.prototype, patchRoute), exports),
          permanentPatch,
        ),
      ],
    ),
  ];
}
