/**
 * `node --require @nodeprom/auto-register app.js` (or `--import` for an ESM app): starts nodeprom
 * with the layers the environment enables. Kept tiny on purpose; all logic lives in core. Every
 * layer hooks through diagnostics channels or files a package loads with require, which an ESM
 * app's imports reach too, so no loader hook is registered.
 *
 * A preload reaches every thread and every process started with it, so this file decides first,
 * with nothing loaded but two built-in modules, whether this one is an app at all: a worker thread
 * (only the main thread serves or records) and a launcher (npm, yarn, pnpm, ... starting the app)
 * load nothing, and start as fast as without the preload.
 */
import { isMainThread } from 'node:worker_threads';
import { isLauncher } from './launcher';

if (isMainThread && !isLauncher(process.argv[1])) {
  // Loaded only here: core brings the OpenTelemetry SDK.
  const core = require('@nodeprom/core') as typeof import('@nodeprom/core');
  try {
    // Layers resolve from this package's own dependencies.
    core.registerInstrumentations({
      loadLayer: (packageName) => require(packageName) as import('@nodeprom/core').LayerModule,
    });
  } catch (error) {
    core.log.errorOnce('starting nodeprom', error);
  }
}

type Core = typeof import('@nodeprom/core');

/**
 * For an app that serves the scrape on its own server (NODEPROM_PORT=none):
 * `app.get('/metrics', require('@nodeprom/auto-register').metricsHandler())`. A function rather than
 * a re-export, so that core is loaded only when it is called, never in a worker thread or launcher.
 */
export function metricsHandler(...args: Parameters<Core['metricsHandler']>): ReturnType<Core['metricsHandler']> {
  return (require('@nodeprom/core') as Core).metricsHandler(...args);
}
