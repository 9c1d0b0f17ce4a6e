/** Distinct resource types reported before the rest are counted together: Node has a few dozen. */
export const MAX_RESOURCE_TYPES = 32;
export const OTHER_RESOURCE_TYPE = '_OTHER';

/**
 * Counts `types` by name. Node's own type names (TCPServerWrap, Timeout, FSReqCallback, class names
 * of handles), so a handful; past `MAX_RESOURCE_TYPES` distinct names the rest count as `_OTHER`,
 * so that the label stays bounded whatever a module does.
 */
export function countByType(types: Iterable<string>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const type of types) {
    const previous = counts.get(type);
    if (previous !== undefined) counts.set(type, previous + 1);
    else if (counts.size < MAX_RESOURCE_TYPES) counts.set(type, 1);
    else counts.set(OTHER_RESOURCE_TYPE, (counts.get(OTHER_RESOURCE_TYPE) ?? 0) + 1);
  }
  return counts;
}

// prom-client reads handles and requests through these two undocumented functions, and its names
// (the objects' class names) are what its users' dashboards group by. Not in @types/node.
interface ActiveHandleFunctions {
  _getActiveHandles?: () => unknown[];
  _getActiveRequests?: () => unknown[];
}

function classNames(objects: unknown[]): string[] {
  const names: string[] = [];
  for (const object of objects) {
    const name = (object as { constructor?: { name?: unknown } } | null)?.constructor?.name;
    if (typeof name === 'string') names.push(name);
  }
  return names;
}

/** Active libuv handles by class name, or undefined on a Node.js without `process._getActiveHandles`. */
export function activeHandles(): string[] | undefined {
  const get = (process as unknown as ActiveHandleFunctions)._getActiveHandles;
  return typeof get === 'function' ? classNames(get.call(process)) : undefined;
}

/** Active libuv requests by class name, or undefined on a Node.js without `process._getActiveRequests`. */
export function activeRequests(): string[] | undefined {
  const get = (process as unknown as ActiveHandleFunctions)._getActiveRequests;
  return typeof get === 'function' ? classNames(get.call(process)) : undefined;
}
