import * as path from 'node:path';
import * as fs from 'node:fs';
import { metrics, type MeterProvider } from '@opentelemetry/api';
import { InstrumentationBase, type InstrumentationConfig } from '@opentelemetry/instrumentation';
import type { LayerSwitch } from './layer-switch';
import { log } from './log';
import { MeterSink } from './meter-sink';
import { STORE_SCOPE_NAME } from './store';
import type { MetricSink } from './sink';

/**
 * Base of every nodeprom layer: a standard OpenTelemetry `Instrumentation` (so it works with
 * `@opentelemetry/instrumentation`'s `registerInstrumentations` and any MeterProvider), that records
 * through a `MetricSink`: the MeterProvider's meter by default, or nodeprom's fast store once
 * `useSink` pins it.
 *
 * OpenTelemetry's base constructor calls `_updateMetricInstruments()` and `enable()` before a
 * subclass's field initializers run. Subclasses therefore declare the state those two set with
 * `declare` (no initializer) and create it inside `onSink` / `enable`.
 */
export abstract class NodepromInstrumentation<
  Config extends InstrumentationConfig = InstrumentationConfig,
> extends InstrumentationBase<Config> {
  declare private pinnedSink: MetricSink | undefined;
  /** Packages already checked: after a disable() and enable() they are loaded, by us. */
  declare private checkedEarly: Set<string> | undefined;
  /** The MeterProvider OpenTelemetry's `registerInstrumentations` handed us, if any. */
  declare private givenMeterProvider: MeterProvider | undefined;

  /** Records into `sink` from now on; a MeterProvider set later does not replace it. */
  useSink(sink: MetricSink): void {
    this.pinnedSink = sink;
    this.applySink(sink);
  }

  override setMeterProvider(meterProvider: MeterProvider): void {
    this.givenMeterProvider = meterProvider;
    super.setMeterProvider(meterProvider);
  }

  // Every layer records through one meter, of core's scope, not one meter per layer: the layers
  // share metric families (pg, mysql2 and ioredis all feed db.client.operation.duration), and one
  // scope makes the SDK aggregate them into one stream. Per-layer scopes gave one family per scope,
  // which the 2.x Prometheus exporter printed as repeated families that promtool rejects.
  protected override _updateMetricInstruments(): void {
    if (this.pinnedSink !== undefined) return;
    const provider = this.givenMeterProvider ?? metrics.getMeterProvider();
    this.applySink(new MeterSink(provider.getMeter(STORE_SCOPE_NAME)));
  }

  private applySink(sink: MetricSink): void {
    try {
      this.onSink(sink);
      if (this.isEnabled()) this.switchOn();
    } catch (error) {
      log.errorOnce(`${this.instrumentationName}: creating instruments`, error);
    }
  }

  /**
   * Creates the layer's events for `sink` (what its patches report to, recording through core's
   * recorders). Called at construction and whenever the sink changes; while the layer is enabled
   * the new events replace the old ones on the layer's switch.
   */
  protected abstract onSink(sink: MetricSink): void;

  /**
   * The layer's switch (made once by its hook module), which its patches read; a layer that turns
   * itself on and off some other way (by channel subscriptions in onEnable) returns undefined.
   */
  protected layerSwitch(): LayerSwitch<unknown> | undefined {
    return undefined;
  }

  /** What this instance's patches report to, made by onSink. */
  protected layerEvents(): unknown {
    return undefined;
  }

  /** Puts this instance's current events on the layer's switch. */
  private switchOn(): void {
    const events = this.layerEvents();
    if (events !== undefined) this.layerSwitch()?.turnOn(this, events);
  }

  // OpenTelemetry's base enables at construction and ignores a repeated enable() or disable(), but
  // a subclass overriding them would still run its own part twice (subscribe twice, count twice).
  // The guard lives here once; layers put their part in onEnable / onDisable.
  override enable(): void {
    if (this.isEnabled()) return;
    super.enable();
    this.switchOn();
    this.onEnable();
  }

  override disable(): void {
    if (!this.isEnabled()) return;
    super.disable();
    this.layerSwitch()?.turnOff(this);
    this.onDisable();
  }

  /** The layer starts recording (subscribe, publish its recorder to its patches). Runs once per enable. */
  protected onEnable(): void {}

  /** The layer stops recording. Runs once per disable, after an enable. */
  protected onDisable(): void {}

  /**
   * Warns once when `packageName` (in a version `versions` covers) was loaded before this layer
   * could hook it: a require-time patch cannot reach a module already in the require cache.
   */
  protected warnIfLoadedEarly(
    packageName: string,
    versions: string,
    missing = `its ${this.instrumentationName} metrics are missing`,
  ): void {
    this.checkedEarly ??= new Set();
    if (this.checkedEarly.has(packageName)) return;
    this.checkedEarly.add(packageName);
    const marker = `${path.sep}node_modules${path.sep}${packageName}${path.sep}`;
    for (const file of Object.keys(require.cache)) {
      const at = file.lastIndexOf(marker);
      if (at === -1) continue;
      // Still loading, not loaded early: the ESM import of the package whose first load made this layer.
      if (require.cache[file]?.loaded === false) continue;
      try {
        const manifest = path.join(file.slice(0, at + marker.length), 'package.json');
        const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
        // Required here, only when a hooked package is already loaded: semver costs tens of milliseconds.
        const { satisfies } = require('semver') as typeof import('semver');
        if (!satisfies(version, versions)) continue;
      } catch {
        // An unreadable manifest still means the package was loaded early.
      }
      log.warnOnce(
        `loaded early: ${packageName}`,
        `${packageName} was loaded before nodeprom, so ${missing}. Load nodeprom first: node --require @nodeprom/auto-register (or --import for ESM).`,
      );
      return;
    }
  }
}

// Defined in guard.ts, which loads nothing heavy: code that runs at start-up (the runtime layer's
// collection) uses them without loading @opentelemetry/instrumentation.
export { firstPatch, guarded, patchOnce, permanentPatch, runGuarded, sameIdentity } from './guard';
