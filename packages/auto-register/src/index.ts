/**
 * `node --require @nodeprom/auto-register app.js` (or `--import` for an ESM app): starts nodeprom
 * with the layers the environment enables. Kept tiny on purpose; all logic lives in core. Every
 * layer hooks through diagnostics channels or files a package loads with require, which an ESM
 * app's imports reach too, so no loader hook is registered.
 */
import { log, registerInstrumentations, type LayerModule } from '@nodeprom/core';

try {
  // Layers resolve from this package's own dependencies.
  registerInstrumentations({ loadLayer: (packageName) => require(packageName) as LayerModule });
} catch (error) {
  log.errorOnce('starting nodeprom', error);
}

// For an app that serves the scrape on its own server (NODEPROM_PORT=none):
// `app.get('/metrics', require('@nodeprom/auto-register').metricsHandler())`.
export { metricsHandler } from '@nodeprom/core';
