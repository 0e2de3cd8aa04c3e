/**
 * ENTRY of `paperlink family-links list`: workspace → family-links.html and family-links.pdf, RESTRICTED /
 * VERTROUWELIJK on every page. Values of people appear only as the consent of a confirmed match allows
 * (disclose.ts); candidates are shown by sheet reference and evidence level.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Handlebars from 'handlebars';
import { PaperlinkError, type OutputWriter } from '../model/index.js';
import { DEJAVU_SANS_FILES, newPdfDocument, pdfBytes } from '../pdf/index.js';
import { listFamilyLinkDecisions, listFamilyLinkSheets, type Workspace } from '../store/index.js';
import type { Disclosure } from './disclose.js';
import { peopleOfSheet } from './family-link-people.js';
import { findCandidates } from './find-candidates.js';
import { planFamilyLinkList, type FamilyLinkList } from './plan-list.js';

export interface FamilyLinkListOptions {
  readonly outDir: string;
  /** templates/family-links of the package; the CLI passes it in. */
  readonly templatesDir: string;
  /** Fixed in tests so the PDF bytes repeat. */
  readonly now?: Date;
  /** Writes each file (default: as is); the CLI passes a sealing writer for --seal-to / --seal-passphrase. */
  readonly writeOutput?: OutputWriter;
}

export interface FamilyLinkListResult {
  readonly html: string;
  readonly pdf: string;
  readonly list: FamilyLinkList;
}

export const RESTRICTED_BANNER = 'RESTRICTED / VERTROUWELIJK: family-links team only. Do not share, forward or publish; destroy after use. Not part of the signal report.';

const TEXT = {
  title: 'Family links: matches and candidates', banner: RESTRICTED_BANNER, generated: 'Made', confirmed: 'Confirmed matches: what may be told to the enquirer',
  pair: 'Pair', enquirer: 'Enquirer (sheet)', registered: 'Person found (sheet)', mayTell: 'May be told', withheld: 'Held back', confirmedBy: 'Confirmed by',
  site: 'site', serial: 'sheet', noneConfirmed: 'No confirmed matches yet.', awaiting: 'Candidates awaiting a decision',
  awaitingHint: 'Open the family-link match queue in the review page (or `paperlink family-links confirm PAIR`) to confirm, reject or mark unsure. The machine never confirms.',
  kind: 'Kind', probability: 'Match probability', evidence: 'Evidence (level per field)', unsure: 'marked unsure',
  doubles: 'Possibly registered twice', doublesHint: 'The same person may have registered at two sites. Flag only: records are never merged.',
} as const;

/** The lines the officer may say, in words, for one disclosure. */
export function tellLines(disclosure: Disclosure): string[] {
  if (disclosure.kind === 'found-no-contact') return ['Found; does not wish contact. Say nothing more.'];
  const lines = [`Name: ${disclosure.name}`];
  if (disclosure.message) lines.push(`Message: ${disclosure.message}`);
  if (disclosure.standardMessages.length > 0) lines.push(`Standard messages: ${disclosure.standardMessages.join(', ')}`);
  if (disclosure.whereabouts) {
    lines.push(`Whereabouts: ${disclosure.whereabouts.staying ?? 'not stated'}; registered at site ${disclosure.whereabouts.site}${disclosure.whereabouts.reachableViaSite ? ', reachable via that site' : ''}`);
  }
  return lines;
}

function drawPdf(doc: PDFKit.PDFDocument, list: FamilyLinkList, generated: string): void {
  const [width, height] = [595.28, 841.89];
  const newPage = (): void => { doc.addPage({ size: [width, height], margin: 50 }); doc.y = 80; };
  const line = (text: string, options: { bold?: boolean; size?: number } = {}): void => {
    if (doc.y > height - 80) newPage();
    doc.font(options.bold ? 'bold' : 'regular').fontSize(options.size ?? 9).text(text, 50, doc.y, { width: width - 100 });
  };
  newPage();
  line(TEXT.title, { bold: true, size: 14 });
  line(`${TEXT.generated}: ${generated}`);
  line(' ');
  line(`${TEXT.confirmed} (${list.confirmed.length})`, { bold: true, size: 11 });
  for (const match of list.confirmed) {
    line(`${match.pair}: enquirer site ${match.enquirer.site} sheet ${match.enquirer.serial}; found at site ${match.registered.site} sheet ${match.registered.serial}; confirmed by ${match.confirmedBy}, ${match.confirmedAt}`, { bold: true });
    for (const tell of tellLines(match.disclosure)) line(`   ${tell}`);
    for (const held of match.disclosure.withheld) line(`   Held back: ${held}`);
  }
  line(' ');
  line(`${TEXT.awaiting} (${list.awaiting.length})`, { bold: true, size: 11 });
  for (const item of list.awaiting) line(`${item.pair}  ${item.kind}${item.unsure ? ' (unsure)' : ''}  ${item.a.site}/${item.a.serial} – ${item.b.site}/${item.b.serial}  ${(100 * item.probability).toFixed(1)} %  ${item.evidence.join('; ')}`);
  line(' ');
  line(`${TEXT.doubles} (${list.doubleRegistrations.length})`, { bold: true, size: 11 });
  for (const item of list.doubleRegistrations) line(`${item.pair}  ${item.a.site}/${item.a.serial} – ${item.b.site}/${item.b.serial}  ${(100 * item.probability).toFixed(1)} %  ${item.evidence.join('; ')}`);
  // The banner on every page, top and bottom, drawn last so that no page can lack it.
  const range = doc.bufferedPageRange();
  for (let index = range.start; index < range.start + range.count; index++) {
    doc.switchToPage(index);
    for (const y of [20, height - 40]) {
      doc.save().rect(0, y - 6, width, 22).fill('#b00000').restore();
      doc.fillColor('#ffffff').font('bold').fontSize(8).text(RESTRICTED_BANNER, 20, y, { width: width - 40, lineBreak: false, height: 12 });
      doc.fillColor('#000000');
    }
  }
}

export async function buildFamilyLinkList(workspace: Workspace, options: FamilyLinkListOptions): Promise<FamilyLinkListResult> {
  const sheets = listFamilyLinkSheets(workspace);
  const list = planFamilyLinkList(sheets, findCandidates(sheets.flatMap(peopleOfSheet)), listFamilyLinkDecisions(workspace));
  const now = options.now ?? new Date();
  const generated = now.toISOString();
  const templateFile = join(options.templatesDir, 'list.html.hbs');
  if (!existsSync(templateFile)) {
    throw new PaperlinkError('input-not-found', `The family-links template ${templateFile} is missing.`, 'Reinstall paperlink: templates/family-links/ belongs to the package.', { file: templateFile });
  }
  const view = {
    text: TEXT, generated,
    list: {
      confirmed: list.confirmed.map((match) => ({ ...match, tell: tellLines(match.disclosure), text: TEXT })),
      awaiting: list.awaiting.map((item) => ({ ...item, percent: `${(100 * item.probability).toFixed(1)} %` })),
      doubleRegistrations: list.doubleRegistrations.map((item) => ({ ...item, percent: `${(100 * item.probability).toFixed(1)} %` })),
    },
  };
  const html = Handlebars.create().compile(readFileSync(templateFile, 'utf8'))(view);
  const doc = newPdfDocument({ title: 'Family links (RESTRICTED)', date: now, fonts: { regular: DEJAVU_SANS_FILES.regular, bold: DEJAVU_SANS_FILES.bold }, bufferPages: true });
  const pdf = await pdfBytes(doc, (drawing) => drawPdf(drawing, list, generated));
  const outDir = resolve(options.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
    const write = options.writeOutput ?? plainWrite;
    return { html: write(join(outDir, 'family-links.html'), html), pdf: write(join(outDir, 'family-links.pdf'), pdf), list };
  } catch (error) {
    throw new PaperlinkError('output-not-writable', `The family-links list cannot be written to ${outDir}: ${(error as Error).message}.`,
      'Choose a folder you can write to with --out.', { file: outDir }, { cause: error });
  }
}

function plainWrite(file: string, content: string | Uint8Array): string {
  writeFileSync(file, content);
  return file;
}
