/*
 * When the OpenTelemetry API is first used, by any copy of it. nodeprom sets the global
 * MeterProvider then rather than at start-up, since loading the API costs a preloaded process over
 * 10 ms (issue 11 §7). Watching `Module._load` for `@opentelemetry/api` is not enough: a bundled
 * app's copy (esbuild, webpack, Next.js's `next/dist/compiled/@opentelemetry/api`) is never loaded
 * under that name, and its metrics would then go to the API's no-op provider. Every 1.x copy keeps
 * its globals on one `globalThis` symbol, and reads it before it registers or hands out anything.
 * So nodeprom puts a one-time accessor there, and sets its provider on the first read or write.
 */

import { log } from './log';

/** Where every @opentelemetry/api 1.x copy keeps its globals (its `GLOBAL_OPENTELEMETRY_API_KEY`). */
const API_GLOBAL = Symbol.for('opentelemetry.js.api.1');

type Holder = Record<symbol, unknown>;

/** Whether some copy of the API has already made its globals. */
export function apiGlobalPresent(): boolean {
  return Object.getOwnPropertyDescriptor(globalThis, API_GLOBAL) !== undefined;
}

/**
 * Calls `onFirstUse` once, when any copy of the API first reads or writes its globals, before that
 * read returns: so a `metrics.getMeter()` at module load gets the provider `onFirstUse` registers.
 * An exception in it is logged once and never reaches the app.
 * Call it only when `apiGlobalPresent()` is false. Returns a function that cancels the watch.
 */
export function onFirstApiUse(onFirstUse: () => void): () => void {
  const holder = globalThis as unknown as Holder;
  let done = false;
  const accessor: PropertyDescriptor = {
    configurable: true,
    enumerable: false,
    get() {
      if (!done) {
        cancel();
        register();
      }
      return holder[API_GLOBAL];
    },
    // A write without a read first (the API itself always reads first): the value is kept, and
    // nodeprom's provider is registered into it.
    set(value: unknown) {
      cancel();
      holder[API_GLOBAL] = value;
      register();
    },
  };
  // Removes the accessor, leaving the symbol as if never set: the API's own `registerGlobal` then
  // makes its globals exactly as it would have without nodeprom.
  const cancel = () => {
    done = true;
    if (Object.getOwnPropertyDescriptor(holder, API_GLOBAL)?.get === accessor.get) delete holder[API_GLOBAL];
  };
  const register = () => {
    try {
      onFirstUse();
    } catch (error) {
      log.errorOnce('setting the global MeterProvider', error);
    }
  };
  Object.defineProperty(holder, API_GLOBAL, accessor);
  return cancel;
}
