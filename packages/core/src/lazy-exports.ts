/**
 * Defines `names` on `target` (a module's exports) as getters that load their module on first
 * use, each then replaced by a plain data property, so that a later read is an ordinary property
 * load (no getter call, unlike TypeScript's own re-exports). What core's index is made of: loading
 * every module of core cost a preloaded process tens of milliseconds at start-up (issue 11 §7),
 * while nodeprom's start-up needs a few of them.
 */
export function lazyExports<M extends object>(
  target: object,
  load: () => M,
  names: readonly (keyof M & string)[],
): void {
  for (const name of names) {
    Object.defineProperty(target, name, {
      enumerable: true,
      configurable: true,
      get() {
        const value = load()[name];
        Object.defineProperty(target, name, { value, enumerable: true, configurable: true, writable: false });
        return value;
      },
    });
  }
}
