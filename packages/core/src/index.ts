/*
 * Core's index loads a module only when one of its exports is first read (see lazy-exports.ts):
 * a preload reaches every process, and loading all of core cost a preloaded `node -e 0` tens of
 * milliseconds (issue 11 §7). Each value is declared below for the type checker with its module's
 * own type, and defined at run time by `lazyExports`; configuration, logging and the metric
 * definitions, which start-up needs anyway, load at once.
 */
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { lazyExports } from './lazy-exports';
import type * as store from './store';
import type * as meterSink from './meter-sink';
import type * as exposition from './exposition';
import type * as endpoint from './endpoint';
import type * as metricsHandler_ from './metrics-handler';
import type * as scrapeResponder from './scrape-responder';
import type * as negotiate from './negotiate';
import type * as webConfig from './web-config';
import type * as webAccess from './web-access';
import type * as instrumentation from './instrumentation';
import type * as guard from './guard';
import type * as httpServerRecorder from './http-server-recorder';
import type * as dbClientRecorder_ from './db-client-recorder';
import type * as register from './register';
import type * as sqlSummary from './sql-summary';
import type * as migrationsRecorder_ from './migrations-recorder';
import type * as perSink_ from './per-sink';
import type * as poolName_ from './pool-name';
import type * as clock from './clock';
import type * as scrapeSource from './scrape-source';
import type * as storeSource_ from './store-source';
import type * as expositionWriter from './exposition-writer';
import type * as labelBlock from './label-block';
import type * as errorType_ from './error-type';
import type * as layerSwitch from './layer-switch';
import type * as privateSlot_ from './private-slot';
import type * as dataLayer from './data-layer-instrumentation';

export {
  readConfig,
  parseBuckets,
  LAYER_NAMES,
  DEFAULT_CONFIG,
  DEFAULT_HTTP_DURATION_BUCKETS,
  DEFAULT_DB_DURATION_BUCKETS,
  ENVIRONMENT_VARIABLES,
  RUNTIME_METRICS_NAMES,
} from './config';
export { log, setLogLevel } from './log';
export * from './metrics';

export type { LayerName, NodepromConfig } from './config';
export type { RuntimeMetricsNames } from './config';
export type { LogLevel } from './log';
export type { MetricSink, Instrument, HistogramCell, SumCell, GaugeCallback, ObserveGauge } from './sink';
export type { EndpointOptions } from './endpoint';
export type { MetricsRequestHandler } from './metrics-handler';
export type { WebConfig } from './web-config';
export type { HttpRequestEnd } from './http-server-recorder';
export type { DbSystemName, DbTarget, DbOperationSummary, PoolState, RegisteredPool } from './db-client-recorder';
export type { RegisterOptions, NodepromHandle, LayerModule } from './register';
export type { SqlDialect } from './sql-summary';
export type { MigrationTarget, MigrationDirection } from './migrations-recorder';
export type { ExpositionFormat, ExpositionRenderer, ScrapeSource } from './scrape-source';
export type { StoreScrapeSource } from './store-source';
export type { ScrapeState, ScrapeView, FamilyState, FamilyView, SeriesState, MergeHint } from './scrape-state';
export type { MetricStoreOptions } from './store';
export type { KnownErrorTypes } from './error-type';
export type { PrivateSlot } from './private-slot';
export type { DataLayerConfig, DataLayerEvents, HookedPackage } from './data-layer-instrumentation';

export declare const MetricStore: typeof store.MetricStore;
export type MetricStore = store.MetricStore;
export declare const DEFAULT_MAX_SERIES_PER_METRIC: typeof store.DEFAULT_MAX_SERIES_PER_METRIC;
export declare const MeterSink: typeof meterSink.MeterSink;
export type MeterSink = meterSink.MeterSink;
export declare const prometheusName: typeof exposition.prometheusName;
export declare const prometheusBaseName: typeof exposition.prometheusBaseName;
export declare const toPrometheusFamilies: typeof exposition.toPrometheusFamilies;
export declare const MetricsEndpoint: typeof endpoint.MetricsEndpoint;
export type MetricsEndpoint = endpoint.MetricsEndpoint;
export declare const METRICS_ENDPOINT: typeof endpoint.METRICS_ENDPOINT;
export declare const metricsHandler: typeof metricsHandler_.metricsHandler;
export declare const ScrapeResponder: typeof scrapeResponder.ScrapeResponder;
export type ScrapeResponder = scrapeResponder.ScrapeResponder;
export declare const METRICS_RESPONSE: typeof scrapeResponder.METRICS_RESPONSE;
export declare const negotiateFormat: typeof negotiate.negotiateFormat;
export declare const acceptsGzip: typeof negotiate.acceptsGzip;
export declare const parseWebConfig: typeof webConfig.parseWebConfig;
export declare const WebConfigError: typeof webConfig.WebConfigError;
export type WebConfigError = webConfig.WebConfigError;
export declare const loadWebAccess: typeof webAccess.loadWebAccess;
export declare const NodepromInstrumentation: typeof instrumentation.NodepromInstrumentation;
export type NodepromInstrumentation<Config extends InstrumentationConfig = InstrumentationConfig> =
  instrumentation.NodepromInstrumentation<Config>;
export declare const firstPatch: typeof guard.firstPatch;
export declare const guarded: typeof guard.guarded;
export declare const patchOnce: typeof guard.patchOnce;
export declare const permanentPatch: typeof guard.permanentPatch;
export declare const runGuarded: typeof guard.runGuarded;
export declare const sameIdentity: typeof guard.sameIdentity;
export declare const HttpServerRecorder: typeof httpServerRecorder.HttpServerRecorder;
export type HttpServerRecorder = httpServerRecorder.HttpServerRecorder;
export declare const HTTP_METHODS: typeof httpServerRecorder.HTTP_METHODS;
export declare const httpMethodIndex: typeof httpServerRecorder.httpMethodIndex;
export declare const DbClientRecorder: typeof dbClientRecorder_.DbClientRecorder;
export type DbClientRecorder = dbClientRecorder_.DbClientRecorder;
export declare const dbClientRecorder: typeof dbClientRecorder_.dbClientRecorder;
export declare const MAX_TABLES_PER_DATABASE: typeof dbClientRecorder_.MAX_TABLES_PER_DATABASE;
export declare const registerInstrumentations: typeof register.registerInstrumentations;
export declare const summarizeSql: typeof sqlSummary.summarizeSql;
export declare const sqlSummarizer: typeof sqlSummary.sqlSummarizer;
export declare const sqlSummaryCacheSize: typeof sqlSummary.sqlSummaryCacheSize;
export declare const MigrationsRecorder: typeof migrationsRecorder_.MigrationsRecorder;
export type MigrationsRecorder = migrationsRecorder_.MigrationsRecorder;
export declare const migrationsRecorder: typeof migrationsRecorder_.migrationsRecorder;
export declare const perSink: typeof perSink_.perSink;
export declare const poolName: typeof poolName_.poolName;
export declare const namePool: typeof poolName_.namePool;
export declare const givenPoolName: typeof poolName_.givenPoolName;
export declare const monotonicMs: typeof clock.monotonicMs;
export declare const EXPOSITION_CONTENT_TYPES: typeof scrapeSource.EXPOSITION_CONTENT_TYPES;
export declare const renderToString: typeof scrapeSource.renderToString;
export declare const serializerSource: typeof scrapeSource.serializerSource;
export declare const sourceFormats: typeof scrapeSource.sourceFormats;
export declare const storeSource: typeof storeSource_.storeSource;
export declare const stateSource: typeof storeSource_.stateSource;
export declare const gatherView: typeof storeSource_.gatherView;
export declare const materialize: typeof storeSource_.materialize;
export declare const ScrapeObserver: typeof storeSource_.ScrapeObserver;
export type ScrapeObserver = storeSource_.ScrapeObserver;
export declare const ExpositionWriter: typeof expositionWriter.ExpositionWriter;
export type ExpositionWriter = expositionWriter.ExpositionWriter;
export declare const CHUNK_CHARACTERS: typeof expositionWriter.CHUNK_CHARACTERS;
export declare const renderLabels: typeof labelBlock.renderLabels;
export declare const errorType: typeof errorType_.errorType;
export declare const MAX_ERROR_TYPES: typeof errorType_.MAX_ERROR_TYPES;
export declare const OTHER_ERROR_TYPE: typeof errorType_.OTHER_ERROR_TYPE;
export declare const LayerSwitch: typeof layerSwitch.LayerSwitch;
export type LayerSwitch<Events> = layerSwitch.LayerSwitch<Events>;
export declare const privateSlot: typeof privateSlot_.privateSlot;
export declare const DataLayerInstrumentation: typeof dataLayer.DataLayerInstrumentation;
export type DataLayerInstrumentation<
  Config extends dataLayer.DataLayerConfig = dataLayer.DataLayerConfig,
  Events extends dataLayer.DataLayerEvents = dataLayer.DataLayerEvents,
> = dataLayer.DataLayerInstrumentation<Config, Events>;
export declare const dataLayerOptions: typeof dataLayer.dataLayerOptions;

// The names, for Node's import of this CommonJS module from ESM: cjs-module-lexer finds them in
// the source; the block never runs.
if (Number.NaN) {
  exports.MetricStore = undefined;
  exports.DEFAULT_MAX_SERIES_PER_METRIC = undefined;
  exports.MeterSink = undefined;
  exports.prometheusName = undefined;
  exports.prometheusBaseName = undefined;
  exports.toPrometheusFamilies = undefined;
  exports.MetricsEndpoint = undefined;
  exports.METRICS_ENDPOINT = undefined;
  exports.metricsHandler = undefined;
  exports.ScrapeResponder = undefined;
  exports.METRICS_RESPONSE = undefined;
  exports.negotiateFormat = undefined;
  exports.acceptsGzip = undefined;
  exports.parseWebConfig = undefined;
  exports.WebConfigError = undefined;
  exports.loadWebAccess = undefined;
  exports.NodepromInstrumentation = undefined;
  exports.firstPatch = undefined;
  exports.guarded = undefined;
  exports.patchOnce = undefined;
  exports.permanentPatch = undefined;
  exports.runGuarded = undefined;
  exports.sameIdentity = undefined;
  exports.HttpServerRecorder = undefined;
  exports.HTTP_METHODS = undefined;
  exports.httpMethodIndex = undefined;
  exports.DbClientRecorder = undefined;
  exports.dbClientRecorder = undefined;
  exports.MAX_TABLES_PER_DATABASE = undefined;
  exports.registerInstrumentations = undefined;
  exports.summarizeSql = undefined;
  exports.sqlSummarizer = undefined;
  exports.sqlSummaryCacheSize = undefined;
  exports.MigrationsRecorder = undefined;
  exports.migrationsRecorder = undefined;
  exports.perSink = undefined;
  exports.poolName = undefined;
  exports.namePool = undefined;
  exports.givenPoolName = undefined;
  exports.monotonicMs = undefined;
  exports.EXPOSITION_CONTENT_TYPES = undefined;
  exports.renderToString = undefined;
  exports.serializerSource = undefined;
  exports.sourceFormats = undefined;
  exports.storeSource = undefined;
  exports.stateSource = undefined;
  exports.gatherView = undefined;
  exports.materialize = undefined;
  exports.ScrapeObserver = undefined;
  exports.ExpositionWriter = undefined;
  exports.CHUNK_CHARACTERS = undefined;
  exports.renderLabels = undefined;
  exports.errorType = undefined;
  exports.MAX_ERROR_TYPES = undefined;
  exports.OTHER_ERROR_TYPE = undefined;
  exports.LayerSwitch = undefined;
  exports.privateSlot = undefined;
  exports.DataLayerInstrumentation = undefined;
  exports.dataLayerOptions = undefined;
}

lazyExports(exports, () => require('./store') as typeof store, ['MetricStore', 'DEFAULT_MAX_SERIES_PER_METRIC']);
lazyExports(exports, () => require('./meter-sink') as typeof meterSink, ['MeterSink']);
lazyExports(exports, () => require('./exposition') as typeof exposition, [
  'prometheusName',
  'prometheusBaseName',
  'toPrometheusFamilies',
]);
lazyExports(exports, () => require('./endpoint') as typeof endpoint, ['MetricsEndpoint', 'METRICS_ENDPOINT']);
lazyExports(exports, () => require('./metrics-handler') as typeof metricsHandler_, ['metricsHandler']);
lazyExports(exports, () => require('./scrape-responder') as typeof scrapeResponder, [
  'ScrapeResponder',
  'METRICS_RESPONSE',
]);
lazyExports(exports, () => require('./negotiate') as typeof negotiate, ['negotiateFormat', 'acceptsGzip']);
lazyExports(exports, () => require('./web-config') as typeof webConfig, ['parseWebConfig', 'WebConfigError']);
lazyExports(exports, () => require('./web-access') as typeof webAccess, ['loadWebAccess']);
lazyExports(exports, () => require('./instrumentation') as typeof instrumentation, ['NodepromInstrumentation']);
lazyExports(exports, () => require('./guard') as typeof guard, [
  'firstPatch',
  'guarded',
  'patchOnce',
  'permanentPatch',
  'runGuarded',
  'sameIdentity',
]);
lazyExports(exports, () => require('./http-server-recorder') as typeof httpServerRecorder, [
  'HttpServerRecorder',
  'HTTP_METHODS',
  'httpMethodIndex',
]);
lazyExports(exports, () => require('./db-client-recorder') as typeof dbClientRecorder_, [
  'DbClientRecorder',
  'dbClientRecorder',
  'MAX_TABLES_PER_DATABASE',
]);
lazyExports(exports, () => require('./register') as typeof register, ['registerInstrumentations']);
lazyExports(exports, () => require('./sql-summary') as typeof sqlSummary, [
  'summarizeSql',
  'sqlSummarizer',
  'sqlSummaryCacheSize',
]);
lazyExports(exports, () => require('./migrations-recorder') as typeof migrationsRecorder_, [
  'MigrationsRecorder',
  'migrationsRecorder',
]);
lazyExports(exports, () => require('./per-sink') as typeof perSink_, ['perSink']);
lazyExports(exports, () => require('./pool-name') as typeof poolName_, ['poolName', 'namePool', 'givenPoolName']);
lazyExports(exports, () => require('./clock') as typeof clock, ['monotonicMs']);
lazyExports(exports, () => require('./scrape-source') as typeof scrapeSource, [
  'EXPOSITION_CONTENT_TYPES',
  'renderToString',
  'serializerSource',
  'sourceFormats',
]);
lazyExports(exports, () => require('./store-source') as typeof storeSource_, [
  'storeSource',
  'stateSource',
  'gatherView',
  'materialize',
  'ScrapeObserver',
]);
lazyExports(exports, () => require('./exposition-writer') as typeof expositionWriter, [
  'ExpositionWriter',
  'CHUNK_CHARACTERS',
]);
lazyExports(exports, () => require('./label-block') as typeof labelBlock, ['renderLabels']);
lazyExports(exports, () => require('./error-type') as typeof errorType_, [
  'errorType',
  'MAX_ERROR_TYPES',
  'OTHER_ERROR_TYPE',
]);
lazyExports(exports, () => require('./layer-switch') as typeof layerSwitch, ['LayerSwitch']);
lazyExports(exports, () => require('./private-slot') as typeof privateSlot_, ['privateSlot']);
lazyExports(exports, () => require('./data-layer-instrumentation') as typeof dataLayer, [
  'DataLayerInstrumentation',
  'dataLayerOptions',
]);
