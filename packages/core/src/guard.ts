import { log } from './log';

/*
 * The helpers every layer's hooks and patches share. Apart from the layer base class
 * (instrumentation.ts), which brings @opentelemetry/instrumentation: what runs at start-up uses
 * these without paying for it (issue 11 §7).
 */

/**
 * Wraps a diagnostics-channel subscriber or a hook so that an exception inside nodeprom is logged
 * once and goes no further: it never reaches the app's request, query or command (node re-throws a
 * subscriber's exception on the next tick, where it would crash the app). Fixed arity, so a call
 * allocates nothing. Wrap once, at enable time.
 */
export function guarded<A, B = unknown>(label: string, fn: (a: A, b?: B) => void): (a: A, b?: B) => void {
  return function guardedCall(this: unknown, a: A, b?: B): void {
    try {
      fn.call(this, a, b);
    } catch (error) {
      log.errorOnce(label, error);
    }
  };
}

/**
 * The `unpatch` of every nodeprom require-time patch: patches stay for the life of the process.
 * A disabled layer stops recording in its recorder while the wrappers pass calls straight through;
 * undoing a patch would leave objects created while it was on (routers, pools, clients) half
 * instrumented.
 */
export function permanentPatch(): void {}

const PATCHED = Symbol.for('nodeprom.patched');

/**
 * True the first time it is asked about `target`, false ever after: a module can reach a require
 * hook more than once (a second instrumentation instance, a re-enable), and wrapping a wrapper
 * would record everything twice. A registry symbol, so two copies of core agree.
 */
export function firstPatch(target: object): boolean {
  // Own property only: a subclass's prototype inherits its base's mark, but is a target of its own.
  if (Object.prototype.hasOwnProperty.call(target, PATCHED)) return false;
  // Not enumerable: a patched object (a class, a prototype, a function) prints as before.
  Object.defineProperty(target, PATCHED, { value: true, configurable: true, enumerable: false, writable: false });
  return true;
}

/**
 * Applies `patch` to `target` (an object or class a require hook received) the first time it is
 * seen, per `firstPatch`; anything else is left alone. Returns `target`, as a require hook must.
 */
export function patchOnce<T>(target: T, patch: (target: T & object) => void): T {
  if (target !== null && (typeof target === 'object' || typeof target === 'function') && firstPatch(target as object)) {
    patch(target as T & object);
  }
  return target;
}

/**
 * Makes `wrapper` look like `original` to the app: the same `name` and `length`, so stack traces,
 * `fn.name` checks and arity-based dispatch see the driver's own function. Call once, at patch time.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type -- any driver function, whatever its signature
export function sameIdentity<F extends Function>(wrapper: F, original: Function): F {
  // A wrapper declared with the driver's name and parameters is left as it is: redefining `name` or
  // `length` gives the function object a map of its own, which is best avoided on per-call wrappers.
  if (wrapper.name === original.name && wrapper.length === original.length) return wrapper;
  try {
    Object.defineProperty(wrapper, 'name', { value: original.name, configurable: true });
    Object.defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  } catch (error) {
    log.errorOnce("keeping a patched function's name", error);
  }
  return wrapper;
}

/** Runs nodeprom's side of a hook now; an error in it is logged once and never reaches the app. */
export function runGuarded(label: string, run: () => void): void {
  try {
    run();
  } catch (error) {
    log.errorOnce(label, error);
  }
}
