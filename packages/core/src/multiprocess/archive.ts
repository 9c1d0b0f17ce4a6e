import * as path from 'node:path';
import { ARCHIVE_FILE, readJson, removeQuietly, writeAtomically } from './directory';
import { foldIntoArchive } from './merge';
import type { FamilyState } from '../scrape-state';
import type { ProcessState } from './state';

interface ArchiveFile {
  families: FamilyState[];
  /** Processes already added, whose files may not be removed yet (a server that died in between). */
  folded: string[];
}

/**
 * What processes that are gone had counted, in one file: each gone process's last state is added
 * once (its `sum` families), then its files are removed, so files do not pile up as workers come
 * and go. Only the process that serves the scrape writes it (it holds the port, so there is one).
 */
export async function foldGoneProcesses(
  dir: string,
  gone: readonly string[],
  stateFile: (id: string) => string,
  socketPath: (id: string) => string,
): Promise<FamilyState[]> {
  const file = path.join(dir, ARCHIVE_FILE);
  const archive = (await readJson<ArchiveFile>(file)) ?? { families: [], folded: [] };
  if (gone.length === 0) return archive.families;
  const folded = new Set(archive.folded);
  for (const id of gone) {
    if (folded.has(id)) continue;
    const state = await readJson<ProcessState>(stateFile(id));
    if (state !== undefined) archive.families = foldIntoArchive(archive.families, state);
    folded.add(id);
  }
  // The archive is written with the ids first: if this process dies before the files are removed,
  // the next one sees them as folded and does not add them twice.
  await writeAtomically(file, JSON.stringify({ families: archive.families, folded: [...folded] }));
  await Promise.all(gone.flatMap((id) => [removeQuietly(stateFile(id)), removeQuietly(socketPath(id))]));
  for (const id of gone) folded.delete(id);
  await writeAtomically(file, JSON.stringify({ families: archive.families, folded: [...folded] }));
  return archive.families;
}

/**
 * The archive as `foldGoneProcesses` would make it, without writing anything: for a process that
 * does not serve the scrape (a programmatic `handle.scrape()`), which must never fold, since only
 * one process may write the archive.
 */
export async function peekArchive(
  dir: string,
  gone: readonly string[],
  stateFile: (id: string) => string,
): Promise<FamilyState[]> {
  const archive = (await readJson<ArchiveFile>(path.join(dir, ARCHIVE_FILE))) ?? { families: [], folded: [] };
  const folded = new Set(archive.folded);
  let families = archive.families;
  for (const id of gone) {
    if (folded.has(id)) continue;
    const state = await readJson<ProcessState>(stateFile(id));
    if (state !== undefined) families = foldIntoArchive(families, state);
  }
  return families;
}
