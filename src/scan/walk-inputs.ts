/**
 * First stage of ingest: the scan's arguments → the files to read, in a deterministic order, and every other directory
 * entry with the reason it was skipped (a link loop, a broken link, a socket…). It never reads a file's contents and
 * never throws for one entry: only a mistyped argument (a path that does not exist) stops the run before it starts.
 */
import { lstatSync, readdirSync, statSync, type Stats } from 'node:fs';
import { extname, join } from 'node:path';
import { PaperlinkError } from '../model/index.js';

/** File names read when found in a folder (a file named on the command line is read whatever its name). */
export const IMAGE_EXTENSIONS = /\.(jpe?g|png|webp|tiff?|pdf|heic|heif|gif|bmp)$/i;

/**
 * Why a directory entry got no outcome. The first five mean something that may be a scan was not read (the scan's
 * exit code says so); `not-an-image` and `hidden` are files paperlink leaves alone on purpose (notes, `.DS_Store`,
 * macOS `._` shadow files of USB sticks), listed so that every entry is accounted for.
 */
export type SkipReason = 'link-loop' | 'broken-link' | 'vanished' | 'not-readable' | 'not-a-file' | 'not-an-image' | 'hidden';

/** Skip reasons that leave a possible scan unread (the others are ignored on purpose). */
export const SKIPS_NOT_READ: ReadonlySet<SkipReason> = new Set(['link-loop', 'broken-link', 'vanished', 'not-readable', 'not-a-file']);

export interface SkippedEntry {
  readonly path: string;
  readonly reason: SkipReason;
  /** What happened, in the user's words (the system's error text in brackets, for the log). */
  readonly message: string;
}

export interface WalkedInputs {
  /** Files to read, in order: each argument in turn, folders walked in sorted name order. */
  readonly files: readonly string[];
  readonly skipped: readonly SkippedEntry[];
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException | undefined)?.code ?? 'UNKNOWN';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The skipped entry for an error of the file system on `path` (from stat, readdir, or reading the file). */
export function skippedByError(path: string, error: unknown): SkippedEntry {
  const detail = `(${errorText(error)})`;
  switch (errorCode(error)) {
    case 'ELOOP':
      return { path, reason: 'link-loop', message: `a symbolic link that leads back to itself, so there is nothing to read ${detail}.` };
    case 'ENOENT':
      return { path, reason: 'vanished', message: `it was removed or renamed while the batch was being scanned ${detail}.` };
    case 'EACCES':
    case 'EPERM':
      return { path, reason: 'not-readable', message: `paperlink may not open it (permission) ${detail}.` };
    case 'EISDIR':
      return { path, reason: 'not-a-file', message: `it turned into a folder while the batch was being scanned ${detail}.` };
    default:
      return { path, reason: 'not-readable', message: `it cannot be opened ${detail}.` };
  }
}

function specialKind(stat: Stats): string {
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Walks the arguments. A symbolic link is followed (scans are often linked in), but a folder reached a second time
 * (a link to a parent, or two links to one folder) is not walked again: that is how a loop of links ends.
 */
export function walkInputs(paths: readonly string[]): WalkedInputs {
  const files: string[] = [];
  const skipped: SkippedEntry[] = [];
  const walkedFolders = new Set<string>();
  const skip = (entry: SkippedEntry): void => { skipped.push(entry); };

  const walk = (path: string, explicit: boolean): void => {
    let link: Stats;
    try {
      link = lstatSync(path);
    } catch (error) {
      if (explicit && errorCode(error) === 'ENOENT') {
        throw new PaperlinkError('input-not-found', `${path} does not exist.`, 'Check the file or folder name; give the scans as files or folders.', { file: path }, { cause: error });
      }
      skip(skippedByError(path, error));
      return;
    }
    let stat = link;
    if (link.isSymbolicLink()) {
      try {
        stat = statSync(path);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ENOENT' || code === 'ENOTDIR') {
          skip({ path, reason: 'broken-link', message: `a symbolic link to something that does not exist (${errorText(error)}).` });
        } else {
          skip(skippedByError(path, error));
        }
        return;
      }
    }
    if (stat.isDirectory()) {
      const key = `${stat.dev}:${stat.ino}`;
      if (walkedFolders.has(key)) {
        skip({ path, reason: 'link-loop', message: 'a link to a folder that this scan has already walked (a loop of links, or the same folder twice): not walked again.' });
        return;
      }
      walkedFolders.add(key);
      let names: string[];
      try {
        names = readdirSync(path).sort();
      } catch (error) {
        skip(skippedByError(path, error));
        return;
      }
      for (const name of names) {
        const child = join(path, name);
        if (name.startsWith('.')) skip({ path: child, reason: 'hidden', message: 'a hidden file or folder (its name starts with a dot): left alone.' });
        else walk(child, false);
      }
      return;
    }
    if (!stat.isFile()) {
      skip({ path, reason: 'not-a-file', message: `${specialKind(stat)}, not a file that holds a scan.` });
      return;
    }
    if (!explicit && !IMAGE_EXTENSIONS.test(path)) {
      skip({ path, reason: 'not-an-image', message: `not an image or PDF by its name (${extname(path) || 'no extension'}): left alone.` });
      return;
    }
    files.push(path);
  };

  for (const path of paths) walk(path, true);
  return { files, skipped };
}
