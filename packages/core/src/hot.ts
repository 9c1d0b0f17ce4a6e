/*
 * The functions layers call per query, command or request, as plain bindings. Import them from
 * `@nodeprom/core/hot`, not from `@nodeprom/core`: the package's index re-exports through getters
 * (TypeScript's CommonJS output for `export ... from`), and on that exports object, which is in
 * dictionary mode, every call is a getter call V8 does not inline (about 18 instructions each,
 * callgrind). Here each export is a data property assigned once (`exports.x = ...`), so a call is
 * an inline-cached load. Everything else (cold code, types) comes from `@nodeprom/core`.
 */
import { monotonicMs as clockMonotonicMs } from './clock';
import { errorType as classifyError } from './error-type';
import { sqlSummarizer as makeSqlSummarizer } from './sql-summary';
import { privateSlot as makePrivateSlot } from './private-slot';

export const monotonicMs = clockMonotonicMs;
export const errorType = classifyError;
export const sqlSummarizer = makeSqlSummarizer;
export const privateSlot = makePrivateSlot;
