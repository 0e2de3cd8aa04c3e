/**
 * ENTRY of `paperlink family-links export`: workspace → pfif.xml, or persons.csv + notes.csv, PFIF 1.4. A
 * restricted export for the RFL team's case system; never for publication.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PaperlinkError, type OutputWriter } from '../model/index.js';
import { listFamilyLinkDecisions, listFamilyLinkSheets, type Workspace } from '../store/index.js';
import { planPfif } from './plan-pfif.js';
import { renderPfifCsv, renderPfifXml } from './render-pfif.js';

export type PfifFormat = 'pfif-xml' | 'pfif-csv';

export interface PfifExportOptions {
  readonly format: PfifFormat;
  readonly strict: boolean;
  readonly outDir: string;
  readonly now?: Date;
  /** Writes each file (default: as is); the CLI passes a sealing writer for --seal-to / --seal-passphrase. */
  readonly writeOutput?: OutputWriter;
}
export interface PfifExportResult { readonly files: readonly string[]; readonly persons: number; readonly notes: number }

export function parsePfifFormat(text: string): PfifFormat {
  if (text === 'pfif-xml' || text === 'pfif-csv') return text;
  throw new PaperlinkError('argument-invalid', `"${text}" is not an export format paperlink writes.`, 'Use --format pfif-xml or --format pfif-csv.', { path: '--format' });
}

export function exportPfif(workspace: Workspace, options: PfifExportOptions): PfifExportResult {
  const persons = planPfif(listFamilyLinkSheets(workspace), listFamilyLinkDecisions(workspace), { now: options.now ?? new Date() });
  const outDir = resolve(options.outDir);
  const outputs: [string, string][] = options.format === 'pfif-xml'
    ? [[join(outDir, 'pfif.xml'), renderPfifXml(persons, options.strict)]]
    : (() => { const csv = renderPfifCsv(persons, options.strict); return [[join(outDir, 'persons.csv'), csv.persons], [join(outDir, 'notes.csv'), csv.notes]] as [string, string][]; })();
  let files: string[];
  try {
    mkdirSync(outDir, { recursive: true });
    const write = options.writeOutput ?? ((file: string, content: string | Uint8Array): string => { writeFileSync(file, content); return file; });
    files = outputs.map(([file, content]) => write(file, content));
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The PFIF export cannot be written to ${outDir}: ${(error as Error).message}.`, 'Choose a folder you can write to with --out.', { file: outDir }, { cause: error });
  }
  return { files, persons: persons.length, notes: persons.reduce((sum, person) => sum + person.notes.length, 0) };
}
