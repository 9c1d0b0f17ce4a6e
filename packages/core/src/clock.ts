/*
 * The clock every layer times operations with. Hand-written because it runs two or three times per
 * request, query or command: on Node 20, performance.now() checks its receiver with
 * validateInternalField behind hideStackFrames (a rest-argument wrapper and Reflect.apply) before it
 * reads the clock, and that check costs more than the read itself (callgrind, in an optimized loop:
 * about 210 instructions per call against about 80 here). process.hrtime() reads the same monotonic
 * clock (uv_hrtime) through a fast API call; the [seconds, nanoseconds] pair it allocates is
 * short-lived young-generation garbage.
 *
 * Layers import this (and the other functions they call per operation) from `@nodeprom/core/hot`,
 * whose exports are plain data properties: the package's index re-exports through getters, and a
 * call through it is a getter call that V8 does not inline (about 18 instructions each).
 */

// Taken once: a test's fake timers replacing process.hrtime later must not change measured durations.
const hrtime = process.hrtime;

/** Milliseconds on a monotonic clock, with sub-microsecond resolution: only differences mean anything. */
export function monotonicMs(): number {
  const time = hrtime();
  return time[0] * 1e3 + time[1] / 1e6;
}
