import type { MultiprocessAggregation } from '../metrics';
import type { ScrapeState } from '../scrape-state';

/**
 * A process's metrics as one process of a multi-process service hands them to the one serving the
 * scrape, and leaves them on disk when it exits: the store's exported state (cumulative values, so
 * summing states is right whatever process serves) and how each family combines across processes,
 * as this process's definitions say.
 */
export interface ProcessState {
  readonly id: string;
  readonly pid: number;
  /** Family name -> aggregation, for families whose aggregation is not their kind's default. */
  readonly aggregations: Readonly<Record<string, MultiprocessAggregation>>;
  readonly state: ScrapeState;
}
