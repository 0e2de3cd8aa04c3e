/**
 * ENTRY of `paperlink bundle import`: reads and checks every bundle first (complete, unchanged, signed, from a
 * trusted office key, in an order whose `--since` chains hold), and only then writes them all in one transaction.
 * So a damaged, half-copied or untrusted bundle changes nothing, and importing a bundle again changes nothing.
 * A region may pass bundles on unchanged: each keeps its office's signature, checked wherever it arrives.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { PaperlinkError, isPaperlinkError } from '../model/index.js';
import { getOfficeKey, isBundleImported, isOfficeTrusted, recordImportedBundle, trustOffice, type Workspace } from '../store/index.js';
import { parseBundle, type ParsedBundle } from './bundle-format.js';
import { applyBundleEvents, type ApplyTally } from './apply-events.js';
import { fingerprintArgument } from './office-identity.js';

export interface ImportOptions {
  /** Office fingerprints a person confirmed for this import (`--trust`). */
  readonly trust?: readonly string[];
  /** Reads a bundle file's bytes (default: as is); the CLI passes one that opens sealed bundles (FILE.sealed). */
  readonly readFile?: (file: string) => Buffer;
}

export interface BundleImportResult extends ApplyTally {
  readonly file: string;
  readonly office: string;
  readonly events: number;
  /** 'imported', 'already-imported' (nothing to do) or 'own' (made by this workspace). */
  readonly state: 'imported' | 'already-imported' | 'own';
}

function readBundle(file: string, read: (file: string) => Buffer = readFileSync): ParsedBundle {
  let bytes: Buffer;
  try {
    bytes = read(file);
  } catch (error) {
    if (isPaperlinkError(error)) throw error;
    throw new PaperlinkError('input-not-found', `The bundle ${file} cannot be read: ${(error as Error).message}.`,
      'Check the path (and that the stick is still in); nothing was imported.', { file }, { cause: error });
  }
  return parseBundle(file, bytes);
}

function checkTrust(workspace: Workspace, bundle: ParsedBundle, trusted: ReadonlySet<string>): void {
  const { fingerprint } = bundle.manifest.office;
  if (isOfficeTrusted(workspace, fingerprint) || trusted.has(fingerprint)) return;
  throw new PaperlinkError('bundle-untrusted', `The bundle ${bundle.file} is signed by office key ${fingerprint}, which this workspace does not trust yet. Nothing was imported.`,
    `Ask that office to read out its fingerprint (\`paperlink bundle key\` there) over the radio or phone. Only if it is exactly ${fingerprint}, import again with --trust ${fingerprint}.`,
    { file: bundle.file, path: '--trust' });
}

/** Orders the bundles so that each comes after the one it continues; refuses a bundle whose predecessor is missing. */
function orderByChain(workspace: Workspace, bundles: readonly ParsedBundle[]): ParsedBundle[] {
  const ordered: ParsedBundle[] = [];
  const known = new Set<string>();
  let pending = [...bundles];
  while (pending.length > 0) {
    const ready = pending.filter((b) => b.manifest.since === null || known.has(b.manifest.since) || isBundleImported(workspace, b.manifest.since));
    if (ready.length === 0) {
      const first = pending[0]!;
      throw new PaperlinkError('bundle-out-of-order', `The bundle ${first.file} continues an earlier bundle of office ${first.manifest.office.fingerprint} that this workspace has not imported. Nothing was imported.`,
        'Import the earlier bundle of that office first (or together, in one command), or ask the office for a full export without --since.', { file: first.file });
    }
    for (const bundle of ready) {
      ordered.push(bundle);
      known.add(bundle.manifestHash);
    }
    pending = pending.filter((b) => !ready.includes(b));
  }
  return ordered;
}

export function importBundles(workspace: Workspace, files: readonly string[], options: ImportOptions = {}): BundleImportResult[] {
  const trusted = new Set((options.trust ?? []).map(fingerprintArgument));
  const own = getOfficeKey(workspace)?.fingerprint;
  const bundles = files.map((file) => readBundle(resolve(file), options.readFile));
  const foreign = bundles.filter((bundle) => bundle.manifest.office.fingerprint !== own);
  for (const bundle of foreign) checkTrust(workspace, bundle, trusted);
  const ordered = orderByChain(workspace, foreign);
  return workspace.transaction(() => {
    const results = new Map<ParsedBundle, BundleImportResult>();
    for (const bundle of ordered) {
      const { fingerprint, publicKey } = bundle.manifest.office;
      if (trusted.has(fingerprint)) trustOffice(workspace, fingerprint, publicKey);
      const base = { file: bundle.file, office: fingerprint, events: bundle.events.length };
      if (isBundleImported(workspace, bundle.manifestHash)) {
        results.set(bundle, { ...base, state: 'already-imported', applied: 0, unchanged: bundle.events.length, stale: 0, conflicts: 0 });
        continue;
      }
      const tally = applyBundleEvents(workspace, bundle);
      recordImportedBundle(workspace, { manifestHash: bundle.manifestHash, office: fingerprint, seqFrom: bundle.manifest.seqFrom, seqTo: bundle.manifest.seqTo,
        events: bundle.events.length, file: bundle.file });
      results.set(bundle, { ...base, state: 'imported', ...tally });
    }
    return bundles.map((bundle) => results.get(bundle)
      ?? { file: bundle.file, office: bundle.manifest.office.fingerprint, events: bundle.events.length, state: 'own' as const, applied: 0, unchanged: 0, stale: 0, conflicts: 0 });
  });
}
