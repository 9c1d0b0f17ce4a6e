import * as path from 'node:path';
import { log } from './log';

/*
 * Runs a function when a package is first loaded, before its code runs: how a layer that hooks a
 * package (pg, mysql2, ioredis, knex) is loaded only by a process that uses that package. Loading
 * every layer at start-up (its package, @opentelemetry/instrumentation, require-in-the-middle, core's
 * recorders) cost a preloaded `node -e 0` tens of milliseconds (issue 11 §7).
 *
 * Watched through `Module._load`, which both a `require()` and an ESM `import` of a CommonJS
 * package go through (the latter with the file's absolute path, on Node 20, 22 and 24). Nothing runs
 * per query or command: the wrapper sees module loads only, and leaves `Module._load` as it found
 * it once every watched package has been seen.
 */

// Node 22 and 24 pass a fourth argument (options, e.g. `shouldSkipModuleHooks` for an ESM import of
// a CommonJS package), so every argument is passed on as given.
type Load = (request: string, parent: unknown, isMain: boolean, ...rest: unknown[]) => unknown;
interface ModuleLoader {
  _load: Load;
  prototype: { require(this: unknown, request: string): unknown };
}

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** What to run on a watched package's first load, before its code runs. */
interface Watch {
  readonly run: () => void;
}

/** Packages watched, by name (several names may share one watch). */
const watched = new Map<string, Watch>();
let installed: { loader: ModuleLoader; original: Load; wrapper: Load } | undefined;

/**
 * The watch for a load request: `pg`, `pg/lib/client`, `@scope/name/x`, or an absolute path inside
 * node_modules (an ESM import). Runs for every module load, cached ones included, so a request for
 * a package by its bare name (most loads) is one map lookup, with nothing allocated.
 */
function watchOf(request: string): Watch | undefined {
  const exact = watched.get(request);
  if (exact !== undefined) return exact;
  const first = request.charCodeAt(0);
  if (first === 46 /* . */) return undefined;
  if (path.isAbsolute(request)) {
    const at = request.lastIndexOf(NODE_MODULES);
    if (at === -1) return undefined;
    const name = packageAt(request, at + NODE_MODULES.length, path.sep);
    return watched.get(path.sep === '/' ? name : name.replace(/\\/g, '/'));
  }
  if (request.indexOf('/') === -1 || request.startsWith('node:')) return undefined;
  return watched.get(packageAt(request, 0, '/'));
}

/** The package name that starts at `from` in `request`: one path segment, or two for a scope. */
function packageAt(request: string, from: number, separator: string): string {
  let end = request.indexOf(separator, from);
  if (request.charCodeAt(from) === 64 /* @ */ && end !== -1) end = request.indexOf(separator, end + 1);
  return end === -1 ? request.slice(from) : request.slice(from, end);
}

/** Whether a file of `packageName` is in the require cache already (loaded before the watch began). */
export function alreadyLoaded(packageNames: readonly string[]): boolean {
  const markers = packageNames.map((name) => `${NODE_MODULES}${name.replace(/\//g, path.sep)}${path.sep}`);
  for (const file of Object.keys(require.cache)) {
    for (const marker of markers) if (file.includes(marker)) return true;
  }
  return false;
}

/**
 * Calls `onFirstLoad` once, on the first load of any of `packageNames`, before that package's code
 * runs, so that the require hooks it installs see the package's own files. An exception in it is
 * logged once and never reaches the app's require. Returns a function that cancels the watch.
 */
export function onFirstLoad(packageNames: readonly string[], onFirstLoad: () => void): () => void {
  let done = false;
  const entry: Watch = {
    run: () => {
      if (done) return;
      cancel();
      try {
        onFirstLoad();
      } catch (error) {
        log.errorOnce(`nodeprom, on loading ${packageNames.join(', ')}`, error);
      }
    },
  };
  const cancel = () => {
    done = true;
    for (const name of packageNames) if (watched.get(name) === entry) watched.delete(name);
    if (watched.size === 0) uninstall();
  };
  for (const name of packageNames) watched.set(name, entry);
  install();
  return cancel;
}

function install(): void {
  if (installed !== undefined) return;
  const loader = require('node:module') as unknown as ModuleLoader;
  const original = loader._load;
  // Named for the stack traces an app sees through it (a "Cannot find module" of its own, say).
  const wrapper: Load = function nodepromFirstLoadWatch(this: unknown, request, parent, isMain) {
    if (watched.size !== 0 && typeof request === 'string') {
      const entry = watchOf(request);
      if (entry !== undefined) {
        entry.run();
        // A require() (a module asking by name) goes again through Module.prototype.require, where
        // the layer's require-in-the-middle hook now sits, so that the hook sees the package's entry
        // too. An ESM import (no parent module) loads on: the hook sees the files it requires.
        if (!isMain && parent instanceof (loader as unknown as new () => object)) {
          return loader.prototype.require.call(parent, request);
        }
      }
    }
    // eslint-disable-next-line prefer-rest-params -- every argument, as given, without copying them
    return original.apply(this, arguments as unknown as Parameters<Load>);
  };
  loader._load = wrapper;
  installed = { loader, original, wrapper };
}

function uninstall(): void {
  if (installed === undefined) return;
  // Wrapped again by someone after us: ours stays in their chain, passing every load through.
  if (installed.loader._load === installed.wrapper) installed.loader._load = installed.original;
  installed = undefined;
}
