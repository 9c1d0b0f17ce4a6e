import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * The directory where the processes of one service find each other: one per user and port, so two
 * services on one machine (or two users) never mix. Per process `<id>.sock` answers "your state"
 * and `<id>.json` holds the state it last handed out (or had at exit); `archive.json` holds what
 * processes that are gone had counted.
 */
export const ARCHIVE_FILE = 'archive.json';

export function serviceDirectory(port: number, override: string | undefined): string {
  if (override !== undefined) return override;
  const uid = typeof process.getuid === 'function' ? process.getuid() : 'user';
  return path.join(os.tmpdir(), `nodeprom-${uid}-${port}`);
}

export function ensureDirectory(dir: string): void {
  // 0700: the states are the service's metrics; other users of the machine have no business there.
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** The ids of the processes registered in `dir`: by socket (live or crashed) or by state file (exited). */
export async function registeredIds(dir: string): Promise<Set<string>> {
  const ids = new Set<string>();
  let names: string[];
  try {
    names = await fs.promises.readdir(dir);
  } catch {
    return ids;
  }
  for (const name of names) {
    const match = /^(\d+-[0-9a-f]+)\.(sock|json)$/.exec(name);
    if (match) ids.add(match[1]!);
  }
  return ids;
}

let writes = 0;

/** Writes a file so that a reader sees either the old or the new content, never half of one. */
export async function writeAtomically(file: string, text: string): Promise<void> {
  const temporary = `${file}.${process.pid}.${writes++}.tmp`;
  await fs.promises.writeFile(temporary, text, { mode: 0o600 });
  await fs.promises.rename(temporary, file);
}

export function writeAtomicallySync(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text, { mode: 0o600 });
  fs.renameSync(temporary, file);
}

export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.promises.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

export async function removeQuietly(file: string): Promise<void> {
  await fs.promises.rm(file, { force: true }).catch(() => undefined);
}
