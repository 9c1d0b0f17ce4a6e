/**
 * Where a framework hook leaves the matched route template on the request (node's IncomingMessage),
 * for the server hook to read when the response ends. A registry symbol so that two copies of this
 * package agree on it.
 */
export const ROUTE = Symbol.for('nodeprom.http.route');

export interface RoutedRequest {
  [ROUTE]?: string;
}

/**
 * Route templates excluded by `NODEPROM_HTTP_EXCLUDE`, and what the server hook does with a request
 * that matched one. Undefined when nothing is excluded, so that `setRoute` costs one comparison.
 */
let excludedRoutes: ReadonlySet<string> | undefined;
let onExcludedRoute: ((request: object) => void) | undefined;

export function setRouteExclusion(
  routes: ReadonlySet<string> | undefined,
  onExcluded: (request: object) => void,
): void {
  excludedRoutes = routes !== undefined && routes.size > 0 ? routes : undefined;
  onExcludedRoute = onExcluded;
}

/**
 * Every framework hook hands its template here. The template is known only once the framework has
 * routed the request, after the request started, so an excluded template takes the request out of
 * the in-flight gauge at that moment (routing runs in the request's first tick for most apps, before
 * a scrape can see it) and the request is recorded nowhere else.
 */
export function setRoute(request: RoutedRequest, template: string): void {
  if (excludedRoutes !== undefined && excludedRoutes.has(template)) onExcludedRoute!(request);
  request[ROUTE] = template;
}
