/** A profile's running state: its gauges registered, its monitors and observer started. */
export interface RuntimeCollection {
  /** Unregisters every gauge and stops every monitor and observer, so nothing keeps running. */
  stop(): void;
}
