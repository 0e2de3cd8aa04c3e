/**
 * ENTRY of the restricted follow-up list: workspace → one HTML page (and a CSV beside it) naming the individual
 * life-safety cases for need-to-know referral. Marked RESTRICTED everywhere; never part of the signal report.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { PaperlinkError, type OutputWriter } from '../model/index.js';
import { loadFollowupRows, type Workspace } from '../store/index.js';
import { selectFollowupCases, type FollowupCase } from './select-followup.js';
import { readTemplate } from './build-report.js';

export interface FollowupOptions {
  /** templates/report of the package (followup.html.hbs); the CLI passes it in. */
  readonly templatesDir: string;
  readonly outFile: string;
  readonly lang?: 'nl' | 'en';
  readonly now?: Date;
  /** Writes each file (default: as is); the CLI passes a sealing writer for --seal-to / --seal-passphrase. */
  readonly writeOutput?: OutputWriter;
}

export interface FollowupResult {
  readonly file: string;
  readonly csvFile: string;
  readonly cases: readonly FollowupCase[];
}

const TEXT = {
  nl: { title: 'Opvolglijst levensreddende gevallen — VERTROUWELIJK', warning: 'VERTROUWELIJK. Alleen voor wie het moet weten (GHOR, gemeente, 112). Niet delen, niet doorsturen, vernietigen na gebruik. Geen onderdeel van het signaalrapport.',
    site: 'Locatie', form: 'Formulier', serial: 'Formuliernr.', reasons: 'Reden', battery: 'Accu nog (uur)', contact: 'Contact (zoals overgenomen)', notYet: 'nog niet overgenomen', unconfirmed: '(?) = nog niet gecontroleerd', none: 'Geen levensreddende gevallen.', generated: 'Gemaakt op', count: 'Aantal gevallen' },
  en: { title: 'Life-safety follow-up list — RESTRICTED', warning: 'RESTRICTED. Need-to-know only (GHOR, municipality, 112). Do not share or forward; destroy after use. Not part of the signal report.',
    site: 'Site', form: 'Form', serial: 'Serial', reasons: 'Reason', battery: 'Power left (h)', contact: 'Contact (as transcribed)', notYet: 'not yet transcribed', unconfirmed: '(?) = not yet reviewed', none: 'No life-safety cases.', generated: 'Generated', count: 'Cases' },
} as const;

function csvCell(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function buildFollowupList(workspace: Workspace, options: FollowupOptions): FollowupResult {
  const lang = options.lang ?? 'nl';
  const { definitions, sheets } = loadFollowupRows(workspace);
  const cases = selectFollowupCases(sheets, definitions, lang);
  const t = TEXT[lang];
  const view = {
    ...t, lang, generatedAt: (options.now ?? new Date()).toISOString(), total: cases.length,
    cases: cases.map((item) => ({ ...item, serialText: String(item.serial).padStart(6, '0'), reasonText: item.reasons.join('; '),
      contact: item.contact.map((entry) => ({ label: entry.label, text: entry.text ?? t.notYet, missing: entry.text === null })) })),
  };
  const html = Handlebars.create().compile(readTemplate(options.templatesDir, 'followup.html.hbs'))(view);
  const header = [t.site, t.form, t.serial, t.reasons, t.battery, t.contact].map(csvCell).join(',');
  const csvRows = cases.map((item) => [item.site, item.form, String(item.serial).padStart(6, '0'), item.reasons.join('; '), item.batteryHours ?? '',
    item.contact.map((entry) => `${entry.label}: ${entry.text ?? t.notYet}`).join(' | ')].map(csvCell).join(','));
  const file = resolve(options.outFile);
  const csvFile = file.replace(/\.html?$/i, '') + '.csv';
  try {
    mkdirSync(dirname(file), { recursive: true });
    const write = options.writeOutput ?? plainWrite;
    const written = write(file, html);
    const csvWritten = write(csvFile, `# ${t.warning}\n${header}\n${csvRows.join('\n')}${csvRows.length ? '\n' : ''}`);
    return { file: written, csvFile: csvWritten, cases };
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The follow-up list cannot be written to ${file}: ${(error as Error).message}.`,
      'Choose an --out file in a folder you can write to (preferably an encrypted or access-controlled one).', { file }, { cause: error });
  }
}

function plainWrite(file: string, content: string | Uint8Array): string {
  writeFileSync(file, content);
  return file;
}
