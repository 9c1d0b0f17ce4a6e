import type { ValueType } from '@opentelemetry/api';
import type { AggregationTemporality, DataPointType } from '@opentelemetry/sdk-metrics';

/*
 * The values of the SDK's (and the API's) enums that nodeprom writes into and reads from metric data, as constants
 * typed as the SDK's own members. Importing the enums themselves would load @opentelemetry/sdk-metrics
 * (tens of milliseconds), or the API, in every preloaded process at start-up, long before a scrape needs it
 * (issue 11 §7). They are the SDK's exported data model, stable across its versions; a test checks
 * them against the installed SDK.
 */

/** `DataPointType.HISTOGRAM` */
export const HISTOGRAM_POINTS = 0 as DataPointType.HISTOGRAM;
/** `DataPointType.EXPONENTIAL_HISTOGRAM` */
export const EXPONENTIAL_HISTOGRAM_POINTS = 1 as DataPointType.EXPONENTIAL_HISTOGRAM;
/** `DataPointType.GAUGE` */
export const GAUGE_POINTS = 2 as DataPointType.GAUGE;
/** `DataPointType.SUM` */
export const SUM_POINTS = 3 as DataPointType.SUM;
/** `AggregationTemporality.CUMULATIVE` */
export const CUMULATIVE = 1 as AggregationTemporality.CUMULATIVE;
/** The API's `ValueType.DOUBLE` */
export const DOUBLE_VALUES = 1 as ValueType.DOUBLE;
