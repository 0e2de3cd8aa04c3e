/**
 * ENTRY of `paperlink bundle export`: this office's events since an earlier bundle (or all of them) into one
 * signed bundle file, written whole or not at all (temporary file, then rename).
 * Each event key gets a new revision, with the next sequence number, only when its content changed since it was
 * last exported; so exporting twice without new work gives the same events, and `--since` gives only the new ones.
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PaperlinkError, type OutputWriter } from '../model/index.js';
import { appendOfficeLog, getInputImage, lastOfficeSeq, loadCaptureImages, loadExportRows, loadOfficeLog, type LoggedEvent, type Workspace } from '../store/index.js';
import { canonicalJson, sha256Hex } from './canonical-json.js';
import { BUNDLE_FORMAT, contentHashOf, eventKeyOf, parseBundle, writeBundleText, type BundleEvent, type BundleManifest } from './bundle-format.js';
import { collectEvents } from './collect-events.js';
import { ensureOfficeKey, officeIdOf, signText } from './office-identity.js';

export interface ExportOptions {
  readonly out: string;
  /** An earlier bundle of this office: only events after it are exported. */
  readonly since?: string;
  /** Add page images and field crops (large; only when the receiver must review). */
  readonly withImages?: boolean;
  readonly now?: Date;
  /** Writes the bundle (default: whole, then renamed); the CLI passes a sealing writer for --seal-to / --seal-passphrase. */
  readonly writeOutput?: OutputWriter;
}

export interface ExportResult {
  readonly file: string;
  readonly fingerprint: string;
  readonly events: number;
  readonly seqFrom: number;
  readonly seqTo: number;
  readonly manifestHash: string;
}

function readSince(file: string, fingerprint: string): { seqTo: number; hash: string } {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new PaperlinkError('input-not-found', `The earlier bundle ${file} cannot be read: ${(error as Error).message}.`,
      'Give --since the last bundle this office exported (its file), or leave --since out to export everything.', { file }, { cause: error });
  }
  const earlier = parseBundle(file, bytes);
  if (earlier.manifest.office.fingerprint !== fingerprint) {
    throw new PaperlinkError('bundle-not-ours', `The bundle ${file} was made by office ${earlier.manifest.office.fingerprint}, not by this one (${fingerprint}).`,
      'Give --since a bundle exported from this workspace, or leave --since out to export everything.', { file, path: '--since' });
  }
  return { seqTo: earlier.manifest.seqTo, hash: earlier.manifestHash };
}

/** Numbers every draft: same content keeps its revision and sequence; new or changed content gets the next ones. */
function numberEvents(workspace: Workspace, office: string): BundleEvent[] {
  const drafts = collectEvents(loadExportRows(workspace), office);
  const log = loadOfficeLog(workspace);
  let seq = lastOfficeSeq(workspace);
  const fresh: LoggedEvent[] = [];
  const events: BundleEvent[] = drafts.map((draft) => {
    const contentHash = contentHashOf(draft);
    let entry = log.get(draft.key);
    if (!entry || entry.hash !== contentHash) {
      entry = { key: draft.key, rev: (entry?.rev ?? 0) + 1, hash: contentHash, seq: ++seq };
      fresh.push(entry);
    }
    return { id: `${draft.key}#${entry.rev}`, office, seq: entry.seq, kind: draft.kind, sheet: draft.sheet, body: draft.body };
  });
  appendOfficeLog(workspace, fresh);
  return events.sort((a, b) => a.seq - b.seq);
}

/** Image events ride with their capture or page (same sequence number); their ids name the part they carry. */
function imageEvents(workspace: Workspace, event: BundleEvent): BundleEvent[] {
  const { key } = eventKeyOf(event);
  const localId = Number(key.slice(key.lastIndexOf('/') + 1));
  const parts = event.kind === 'capture' ? loadCaptureImages(workspace, localId)
    : event.kind === 'page' ? [getInputImage(workspace, localId)].filter((bytes) => bytes !== undefined).map((bytes) => ({ part: 'input', bytes }))
      : [];
  return parts.map(({ part, bytes }) => ({ id: `${key}/image/${part}#1`, office: event.office, seq: event.seq, kind: 'image' as const, sheet: event.sheet,
    body: { of: key, part, base64: bytes.toString('base64') } }));
}

export function exportBundle(workspace: Workspace, options: ExportOptions): ExportResult {
  const key = ensureOfficeKey(workspace);
  const office = officeIdOf(key.fingerprint);
  const since = options.since ? readSince(resolve(options.since), key.fingerprint) : null;
  const { events, seqTo } = workspace.transaction(() => ({ events: numberEvents(workspace, office), seqTo: lastOfficeSeq(workspace) }));
  const sinceSeq = since?.seqTo ?? 0;
  const chosen = events.filter((event) => event.seq > sinceSeq)
    .flatMap((event) => (options.withImages ? [event, ...imageEvents(workspace, event)] : [event]));
  const lines = chosen.map((event) => canonicalJson(event));
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT, office: { fingerprint: key.fingerprint, publicKey: key.publicKey }, since: since?.hash ?? null,
    seqFrom: sinceSeq + 1, seqTo, createdAt: (options.now ?? new Date()).toISOString(), withImages: options.withImages ?? false,
    events: lines.map((line) => sha256Hex(line)),
  };
  let file = resolve(options.out);
  const temporary = `${file}.partial-${process.pid}`;
  try {
    const text = writeBundleText(manifest, signText(key, canonicalJson(manifest)), lines);
    // A sealing writer writes its own FILE.sealed whole and renames it; the plain bundle is written whole, then renamed.
    if (options.writeOutput) file = options.writeOutput(file, text);
    else {
      writeFileSync(temporary, text);
      renameSync(temporary, file);
    }
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The bundle cannot be written to ${file}: ${(error as Error).message}.`,
      'Choose an --out path on a stick or folder you can write to, with enough free space.', { file }, { cause: error });
  }
  return { file, fingerprint: key.fingerprint, events: chosen.length, seqFrom: manifest.seqFrom, seqTo, manifestHash: sha256Hex(canonicalJson(manifest)) };
}
