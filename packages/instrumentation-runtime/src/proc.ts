import * as fs from 'node:fs';

// Linux's /proc: the process's file descriptors, their limit and its memory in kernel terms. Reading
// a /proc file never blocks on a disk (the kernel writes it on demand), so a synchronous read at
// scrape time is fine. Elsewhere (macOS, Windows) these series are absent, never an error.

const FD_DIR = '/proc/self/fd';

/** True when this system has a /proc for the process. Checked once, when the layer starts. */
export function hasProc(): boolean {
  try {
    fs.accessSync(FD_DIR, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

/** Open descriptors, or undefined when /proc cannot be read. */
export function openFileDescriptors(): number | undefined {
  try {
    // readdir opens the directory itself: one descriptor that is not the app's.
    return fs.readdirSync(FD_DIR).length - 1;
  } catch {
    return undefined;
  }
}

/** The soft limit on open descriptors, or undefined when unknown or unlimited. */
export function fileDescriptorLimit(): number | undefined {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const line = limits.split('\n').find((text) => text.startsWith('Max open files'));
    const soft = line === undefined ? NaN : Number(line.slice('Max open files'.length).trim().split(/\s+/)[0]);
    return Number.isFinite(soft) ? soft : undefined;
  } catch {
    return undefined;
  }
}

/** Memory of the process from /proc/self/status, in bytes. */
export interface ProcMemory {
  /** VmRSS: resident set size. */
  readonly resident: number | undefined;
  /** VmSize: virtual memory size. */
  readonly virtual: number | undefined;
  /** VmData: size of the data segment (the process heap). */
  readonly heap: number | undefined;
}

function kilobytes(status: string, field: string): number | undefined {
  const at = status.indexOf(`\n${field}:`);
  if (at === -1) return undefined;
  const value = Number.parseInt(status.slice(at + field.length + 2).trimStart(), 10);
  return Number.isFinite(value) ? value * 1024 : undefined;
}

export function procMemory(): ProcMemory {
  try {
    const status = fs.readFileSync('/proc/self/status', 'utf8');
    return {
      resident: kilobytes(status, 'VmRSS'),
      virtual: kilobytes(status, 'VmSize'),
      heap: kilobytes(status, 'VmData'),
    };
  } catch {
    return { resident: undefined, virtual: undefined, heap: undefined };
  }
}
