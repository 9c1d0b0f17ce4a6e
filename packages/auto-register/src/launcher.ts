import * as path from 'node:path';

/**
 * Package managers and build tools that start the app rather than being it. A preload given through
 * NODE_OPTIONS (`NODE_OPTIONS=--require @nodeprom/auto-register npm start`) runs in them first: if
 * they took the metrics port, the scrape would answer with npm's empty metrics and the app's would
 * be missing. Recognized by the main script's file name, as installed globally, by corepack's
 * shims, or by a project's `.yarn/releases/yarn-<version>.cjs`.
 */
const LAUNCHER_SCRIPT =
  /^(?:npm|npx|npm-cli\.js|npx-cli\.js|pnpm|pnpx|pnpm\.c?js|pnpx\.c?js|yarn|yarnpkg|yarn\.c?js|yarnpkg\.c?js|yarn-\d[\w.-]*\.c?js|corepack|corepack\.c?js|npm\.js|npx\.js|node-gyp|node-gyp\.js)$/;

/** Whether the process whose main script is `script` (process.argv[1]) is a launcher. */
export function isLauncher(script: string | undefined): boolean {
  return script !== undefined && LAUNCHER_SCRIPT.test(path.basename(script));
}
