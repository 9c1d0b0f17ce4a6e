import type { DbOperationSummary } from './db-client-recorder';

// STUB, to be replaced: the SQL summarizer (operation and single target table, cached, bounded).
const UNKNOWN: DbOperationSummary = Object.freeze({ key: 'UNKNOWN', operation: 'UNKNOWN', collection: undefined });

export function summarizeSql(sql: string): DbOperationSummary {
  void sql;
  return UNKNOWN;
}
