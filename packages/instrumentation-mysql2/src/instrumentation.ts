import * as diagnosticsChannel from 'node:diagnostics_channel';
import {
  DataLayerInstrumentation,
  dataLayerOptions,
  type DataLayerConfig,
  type DbClientRecorder,
  type NodepromConfig,
} from '@nodeprom/core';
import { ChannelSubscriber } from './channels';
import { Mysql2Events } from './events';
import { mysql2ModuleDefinitions, mysql2Switch, PATCHED_VERSIONS, SUPPORTED_VERSIONS } from './hook';
import { mysql2Patches } from './patches';

export interface Mysql2InstrumentationConfig extends DataLayerConfig {
  /**
   * `patch` (default): require-time patches of mysql2's internal files, on every 3.x release.
   * `channels`: mysql2's diagnostics channels on 3.20+ (load order then does not matter), patches
   * below. Patches are the default because they measured cheaper (about 1 300 instructions a query
   * against 9 100, scripts/bench/instructions.js), see the query text before mysql2 fills in the
   * values (so distinct values do not churn the summary cache), and leave mysql2's behaviour alone: once a channel has a subscriber, mysql2
   * adds an 'error' listener to queries run without a callback, so an error the app leaves
   * unhandled no longer surfaces.
   * @default 'patch'
   */
  mechanism?: 'patch' | 'channels';
}

const PACKAGE_VERSION = '0.1.0';

/**
 * SQL metrics for mysql2 3.x (callback and promise APIs, query and execute, streams, pools and pool
 * clusters), through require-time patches of its internal files, or mysql2's tracing channels
 * (3.20+) when `mechanism: 'channels'` asks for them.
 */
export class Mysql2Instrumentation extends DataLayerInstrumentation<Mysql2InstrumentationConfig, Mysql2Events> {
  declare private channels: ChannelSubscriber | undefined;

  constructor(config: Mysql2InstrumentationConfig = {}) {
    super('@nodeprom/instrumentation-mysql2', PACKAGE_VERSION, config);
  }

  private get patchesEverything(): boolean {
    return this.getConfig().mechanism !== 'channels';
  }

  protected init() {
    // Patches read the layer's switch on every call, so disable() needs no unpatching.
    return mysql2ModuleDefinitions(
      this.patchesEverything ? SUPPORTED_VERSIONS : PATCHED_VERSIONS,
      mysql2Patches(currentEvents),
    );
  }

  protected createEvents(db: DbClientRecorder): Mysql2Events {
    return new Mysql2Events(db);
  }

  protected layerSwitch() {
    return mysql2Switch;
  }

  // Channels need no hook: subscribing works whenever mysql2 was loaded, so there is nothing to
  // warn about for 3.20+. Only a patched release loaded before us loses its metrics.
  protected hooked() {
    return { name: 'mysql2', versions: this.patchesEverything ? SUPPORTED_VERSIONS : PATCHED_VERSIONS };
  }

  protected override onEnable(): void {
    super.onEnable();
    if (this.patchesEverything || typeof diagnosticsChannel.tracingChannel !== 'function') return;
    this.channels ??= new ChannelSubscriber(currentEvents);
    this.channels.subscribe();
  }

  protected override onDisable(): void {
    this.channels?.unsubscribe();
    super.onDisable();
  }
}

function currentEvents(): Mysql2Events | undefined {
  return mysql2Switch.current;
}

/** Entry point for `registerInstrumentations` and auto-register. */
export function createInstrumentation(config: NodepromConfig): Mysql2Instrumentation {
  return new Mysql2Instrumentation(dataLayerOptions(config));
}
