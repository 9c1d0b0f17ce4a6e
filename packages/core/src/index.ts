export {
  readConfig,
  parseBuckets,
  LAYER_NAMES,
  DEFAULT_CONFIG,
  DEFAULT_HTTP_DURATION_BUCKETS,
  DEFAULT_DB_DURATION_BUCKETS,
  ENVIRONMENT_VARIABLES,
} from './config';
export type { LayerName, NodepromConfig } from './config';
export { RUNTIME_METRICS_NAMES } from './config';
export type { RuntimeMetricsNames } from './config';
export { log, setLogLevel } from './log';
export type { LogLevel } from './log';
export * from './metrics';
export type { MetricSink, Instrument, HistogramCell, SumCell, GaugeCallback, ObserveGauge } from './sink';
export { MetricStore } from './store';
export { MeterSink } from './meter-sink';
export { prometheusName, prometheusBaseName, toPrometheusFamilies } from './exposition';
export { MetricsEndpoint, METRICS_ENDPOINT } from './endpoint';
export type { EndpointOptions } from './endpoint';
export { metricsHandler } from './metrics-handler';
export type { MetricsRequestHandler } from './metrics-handler';
export { ScrapeResponder, METRICS_RESPONSE } from './scrape-responder';
export { negotiateFormat, acceptsGzip } from './negotiate';
export { parseWebConfig, WebConfigError } from './web-config';
export { loadWebAccess } from './web-access';
export type { WebConfig } from './web-config';
export {
  NodepromInstrumentation,
  firstPatch,
  guarded,
  patchOnce,
  permanentPatch,
  runGuarded,
  sameIdentity,
} from './instrumentation';
export { HttpServerRecorder, HTTP_METHODS, httpMethodIndex } from './http-server-recorder';
export type { HttpRequestEnd } from './http-server-recorder';
export { DbClientRecorder, dbClientRecorder, MAX_TABLES_PER_DATABASE } from './db-client-recorder';
export type { DbSystemName, DbTarget, DbOperationSummary, PoolState, RegisteredPool } from './db-client-recorder';
export { registerInstrumentations } from './register';
export type { RegisterOptions, NodepromHandle, LayerModule } from './register';
export { summarizeSql, sqlSummarizer, sqlSummaryCacheSize } from './sql-summary';
export type { SqlDialect } from './sql-summary';
export { MigrationsRecorder, migrationsRecorder } from './migrations-recorder';
export type { MigrationTarget, MigrationDirection } from './migrations-recorder';
export { perSink } from './per-sink';
export { poolName, namePool, givenPoolName } from './pool-name';
export { monotonicMs } from './clock';
export { EXPOSITION_CONTENT_TYPES, renderToString, serializerSource, sourceFormats } from './scrape-source';
export type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';
export { storeSource, stateSource, gatherView, materialize, ScrapeObserver } from './store-source';
export type { StoreScrapeSource } from './store-source';
export { ExpositionWriter, CHUNK_CHARACTERS } from './exposition-writer';
export { renderLabels } from './label-block';
export type { ScrapeState, ScrapeView, FamilyState, FamilyView, SeriesState, MergeHint } from './scrape-state';
export { DEFAULT_MAX_SERIES_PER_METRIC } from './store';
export type { MetricStoreOptions } from './store';
export { errorType, MAX_ERROR_TYPES, OTHER_ERROR_TYPE } from './error-type';
export type { KnownErrorTypes } from './error-type';
export { LayerSwitch } from './layer-switch';
export { privateSlot } from './private-slot';
export type { PrivateSlot } from './private-slot';
export {
  DataLayerInstrumentation,
  dataLayerOptions,
  type DataLayerConfig,
  type DataLayerEvents,
  type HookedPackage,
} from './data-layer-instrumentation';
