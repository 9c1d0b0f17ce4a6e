/**
 * How a layer's permanent patches find where to report, and how a layer is turned on and off: the
 * one way for every layer. A layer's hook module makes one switch; each instrumentation instance
 * turns it on with its own events object when enabled (and again when its sink changes) and off
 * when disabled. The patches read `current` once per call: undefined means nobody listens and the
 * wrapper passes straight through.
 *
 * Several instances of a layer (two `PgInstrumentation`s) each hold their place: the most recently
 * enabled one that is still enabled receives the events, and disabling one hands the events back
 * to the other rather than silencing both. Patches are shared by the process (a module is patched
 * once), so two enabled instances do not both record one query: that would count it twice.
 */
export class LayerSwitch<Events> {
  /** Where the patches report now; undefined while no instance of the layer is enabled. */
  current: Events | undefined = undefined;
  private readonly enabled: { readonly owner: object; readonly events: Events }[] = [];

  /** `owner` is enabled and reports to `events` (replacing what it reported to before). */
  turnOn(owner: object, events: Events): void {
    this.remove(owner);
    this.enabled.push({ owner, events });
    this.current = events;
  }

  /** `owner` is disabled: the events go to the previously enabled instance, if any. */
  turnOff(owner: object): void {
    this.remove(owner);
    this.current = this.enabled.length > 0 ? this.enabled[this.enabled.length - 1]!.events : undefined;
  }

  private remove(owner: object): void {
    const at = this.enabled.findIndex((entry) => entry.owner === owner);
    if (at >= 0) this.enabled.splice(at, 1);
  }
}
