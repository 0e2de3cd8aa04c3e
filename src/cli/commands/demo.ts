/**
 * `paperlink demo`: the whole product on built-in defaults, in one folder — print packs for three demo sites,
 * simulate a day of filled forms as scans and phone photos, read them in, and write the signal report.
 * Composition only: every step is the real print, simulate, scan and report entry point.
 */
import type { Command } from 'commander';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { PaperlinkError, layoutForm, type FormDefinition, type ReviewReason } from '../../model/index.js';
import { printSheets, renderSheetsPdf } from '../../print/index.js';
import { buildFollowupList, buildReport } from '../../report/index.js';
import { ingestFiles } from '../../scan/index.js';
import { simulateFamilyLinks, simulateForm, type ProfileName } from '../../simulate/index.js';
import { buildFamilyLinkList, updateComparisonKeys } from '../../family-links/index.js';
import { countReviewFieldsByReason, openWorkspace, type Workspace } from '../../store/index.js';
import { globalOptions } from '../global-options.js';
import { loadFormCatalogue, templatesDirOf } from '../load-forms.js';
import { bilevelAdvice, reviewWorkLabel } from '../scan-advice.js';

/**
 * The demo's blackout: the three days before today (UTC midnight), so the forms' own dates and the scan time
 * tell one story in the report, as when an office scans the paper right after a blackout.
 */
export function demoBlackoutStart(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 3, 5));
}
/** A marker so the demo only ever wipes a folder it made itself. */
const DEMO_MARKER = '.paperlink-demo';
export const DEFAULT_DEMO_DIR = './paperlink-demo';

export interface DemoSite {
  readonly code: string;
  readonly name: string;
  /** How this site's paper comes back: an office scanner, a careful phone, or a hurried one. */
  readonly profiles: readonly ProfileName[];
}

/** Three sites with the capture situations the office meets: a scanner, good phone photos, a mix with poor photos. */
export const DEMO_SITES: readonly DemoSite[] = [
  { code: 'AMS01', name: 'HSP Amsterdam Centraal', profiles: ['scan-300'] },
  { code: 'UTR02', name: 'Noodsteunpunt Utrecht Overvecht', profiles: ['phone-good'] },
  { code: 'GRO03', name: 'Noodsteunpunt Groningen Oost', profiles: ['scan-200-bw', 'phone-poor'] },
];

/** Sheets printed per site (the pack) and returned on the demo day (the rest stay out, as the report shows). */
const DEMO_FORMS: readonly { readonly form: string; readonly printed: number; readonly returned: number }[] = [
  { form: 'intake', printed: 40, returned: 14 },
  { form: 'family-link', printed: 100, returned: 3 },
  { form: 'supply-distribution', printed: 6, returned: 1 },
  { form: 'radio-message', printed: 20, returned: 2 },
  { form: 'site-situation', printed: 6, returned: 1 },
];

/**
 * Family-link sheets the family-links team has already transcribed (the simulator's transcribed level: names and
 * numbers as typed in review), on printed serials after the scanned ones: people registered safe, people looking
 * for someone, some of them looking for a person registered at another site, a few registered twice. They give the
 * match queue and the restricted family-links list something real to work on.
 */
const DEMO_FAMILY_LINKS = { safe: 90, seekers: 30, truePairs: 20, duplicates: 3, serialFrom: 21 } as const;

export interface DemoFamilyLinks {
  readonly sheets: number;
  readonly awaiting: number;
  readonly likely: number;
  readonly doubleRegistrations: number;
  readonly list: string;
}

export interface DemoResult {
  readonly dir: string;
  readonly workspace: string;
  readonly pages: number;
  readonly outcomes: Record<string, number>;
  /** Pages read from 1-bit captures (the simulated black-and-white office scans). */
  readonly bilevelPages: number;
  /** Fields awaiting review by the work they need, most first. */
  readonly review: readonly { readonly reason: ReviewReason | null; readonly fields: number }[];
  readonly report: string;
  readonly followup: string;
  readonly familyLinks: DemoFamilyLinks;
  readonly seconds: number;
}

function prepareDemoDir(dir: string): void {
  if (existsSync(dir)) {
    if (!existsSync(join(dir, DEMO_MARKER))) {
      throw new PaperlinkError('argument-invalid', `${dir} exists and was not made by paperlink demo.`,
        'Choose another folder with --out, or remove this one yourself if you are sure.', { path: '--out' });
    }
    rmSync(dir, { recursive: true, force: true });
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, DEMO_MARKER), 'made by paperlink demo; safe to delete\n');
}

export async function runDemo(options: { dir: string; seed: number; workers?: number; log: (line: string) => void }): Promise<DemoResult> {
  const started = Date.now();
  const dir = resolve(options.dir);
  prepareDemoDir(dir);
  const catalogue = loadFormCatalogue();
  const workspaceDir = join(dir, 'workspace');
  const workspace = openWorkspace(workspaceDir);
  try {
    options.log(`1/5 Printing packs for ${DEMO_SITES.length} demo sites …`);
    for (const site of DEMO_SITES) {
      for (const { form, printed } of DEMO_FORMS) {
        await printSheets(workspace, { definition: catalogue.get(form), site: site.code, serialFrom: 1, serialTo: printed,
          outFile: join(dir, 'print', site.code, `${form}.pdf`) });
      }
    }
    options.log('2/5 Simulating a day of filled-in forms as scans and phone photos …');
    const blackoutStart = demoBlackoutStart(new Date());
    let seed = options.seed;
    for (const site of DEMO_SITES) {
      for (const { form, returned } of DEMO_FORMS) {
        const definition = catalogue.get(form);
        await simulateReturned(definition, site, returned, seed++, join(dir, 'scans', site.code, form), blackoutStart);
        options.log(`    ${site.code} ${form}: ${returned} sheet${returned === 1 ? '' : 's'}`);
      }
    }
    options.log('3/5 Reading the scans into the workspace …');
    // Progress comes per page as well as per file: one line per 20 files, each count once.
    let lastLogged = -1;
    const summary = await ingestFiles(workspace, [join(dir, 'scans')], {
      batch: 'demo-day', ...(options.workers !== undefined ? { workers: options.workers } : {}),
      onProgress: (progress) => {
        if (progress.filesDone !== lastLogged && (progress.filesDone === progress.filesTotal || progress.filesDone % 20 === 0)) {
          lastLogged = progress.filesDone;
          options.log(`    ${progress.filesDone}/${progress.filesTotal} files, ${progress.pagesPerSecond.toFixed(1)} pages/s`);
        }
      },
    });
    options.log('4/5 Adding the family-link sheets the family-links team transcribed, and matching them …');
    const familyLinks = await demoFamilyLinks(workspace, catalogue.get('family-link'), seed++, blackoutStart, join(dir, 'restricted'));
    options.log('5/5 Writing the signal report …');
    const reportDir = join(dir, 'report');
    await buildReport(workspace, { templatesDir: templatesDirOf('report'), outDir: reportDir, block: '6h', lang: 'nl' });
    const followup = buildFollowupList(workspace, { templatesDir: templatesDirOf('report'), outFile: join(dir, 'restricted', 'followup.html') });
    return {
      dir, workspace: workspaceDir, pages: summary.pages, outcomes: { ...summary.outcomes }, bilevelPages: summary.bilevelPages, review: countReviewFieldsByReason(workspace),
      report: join(reportDir, 'report.html'), followup: followup.file, familyLinks, seconds: (Date.now() - started) / 1000,
    };
  } finally {
    workspace.close();
  }
}

/** Stores the transcribed family-link batch, recomputes the comparison keys and writes the restricted list. */
async function demoFamilyLinks(workspace: Workspace, definition: FormDefinition, seed: number, blackoutStart: Date, restrictedDir: string): Promise<DemoFamilyLinks> {
  const printed = DEMO_FORMS.find((entry) => entry.form === 'family-link')!.printed;
  const simulated = simulateFamilyLinks(workspace, definition, {
    ...DEMO_FAMILY_LINKS, sites: DEMO_SITES.map((site) => site.code), seed, date: new Date(blackoutStart.getTime() + 86_400_000),
  });
  const people = updateComparisonKeys(workspace);
  // A developer's slip, not a user's: the batch must stay on serials the demo printed.
  const highest = Math.max(...people.map((person) => person.serial));
  if (highest > printed) throw new Error(`demo: the family-link batch reached serial ${highest}, beyond the ${printed} printed per site (raise DEMO_FORMS)`);
  const result = await buildFamilyLinkList(workspace, { outDir: restrictedDir, templatesDir: templatesDirOf('family-links') });
  return {
    sheets: simulated.sheetIds.length, awaiting: result.list.awaiting.length, likely: result.list.awaiting.filter((pair) => pair.likely).length,
    doubleRegistrations: result.list.doubleRegistrations.length, list: result.html,
  };
}

/**
 * Fills and captures the first `count` printed serials of a form at a site, alternating the site's capture profiles.
 * Exported for tests that run the demo's own path on fewer sheets (the radio end-to-end test).
 */
export async function simulateReturned(definition: FormDefinition, site: DemoSite, count: number, seed: number, outDir: string, blackoutStart: Date): Promise<void> {
  const perProfile = Math.ceil(count / site.profiles.length);
  let serial = 1;
  for (const [index, profile] of site.profiles.entries()) {
    const sheets = Math.min(perProfile, count - serial + 1);
    if (sheets <= 0) break;
    const layout = layoutForm(definition);
    await simulateForm({
      definition, site: site.code, serialFrom: serial, count: sheets, profile, seed: seed * 7 + index,
      outDir: join(outDir, profile), blackoutStart,
      // The pack is already printed and recorded: render the same pages again without recording a reprint.
      renderPdf: (codes) => renderSheetsPdf(layout, codes),
    });
    serial += sheets;
  }
}

export function registerDemoCommands(program: Command): void {
  program.command('demo')
    .description('run the whole product on built-in demo data: print, simulate a day of forms, scan them, write the signal report')
    .option('--out <dir>', 'demo folder (made fresh each run)', DEFAULT_DEMO_DIR)
    .option('--seed <n>', 'random seed for the simulated day', '2026')
    .option('--workers <n>', 'reader threads for scanning (default: one per core)')
    .action(async (options: { out: string; seed: string; workers?: string }, command: Command) => {
      const global = globalOptions(command);
      const log = global.json ? () => undefined : (line: string) => console.log(line);
      const result = await runDemo({ dir: options.out, seed: Number(options.seed) || 1, log,
        ...(options.workers !== undefined ? { workers: Number(options.workers) } : {}) });
      if (global.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      const shown = (path: string): string => relative(process.cwd(), path) || path;
      const outcomes = Object.entries(result.outcomes).filter(([, n]) => n > 0).map(([kind, n]) => `${n} ${kind}`).join(', ');
      const waiting = result.review.reduce((sum, row) => sum + row.fields, 0);
      const width = String(waiting).length;
      const reviewWork = result.review.map((row) => `\n  ${String(row.fields).padStart(width)}  ${reviewWorkLabel(row.reason)}`).join('');
      console.log(`\nDone in ${result.seconds.toFixed(0)} s: ${result.pages} pages read (${outcomes}).
  Signal report:   ${shown(result.report)}   (also report.pdf, signal.csv, needs.csv, distribution.csv, report.json)
  Follow-up list:  ${shown(result.followup)}   (RESTRICTED: named life-safety cases, need-to-know only)
  Family links:    ${shown(result.familyLinks.list)}   (RESTRICTED: family-links team only)
                   ${result.familyLinks.sheets} transcribed family-link sheets; ${result.familyLinks.awaiting} candidate pairs wait for a person (${result.familyLinks.likely} likely),
                   ${result.familyLinks.doubleRegistrations} possible double registrations: open "Family-link matches" on the review page
  Workspace:       ${shown(result.workspace)}
${result.bilevelPages > 0 ? `${bilevelAdvice(result.bilevelPages)}\n` : ''}Waiting for a person: ${waiting} field${waiting === 1 ? '' : 's'}${reviewWork}
A site's situation as one radiogram for the radio service:
  npx paperlink --workspace ${shown(result.workspace)} radio compose --site AMS01
The demo workspace is not encrypted. For real data, keep it encrypted at rest:
  npx paperlink --workspace DIR init --encrypt     (or: workspace encrypt, for one that exists)
Next: review them —
  npx paperlink --workspace ${shown(result.workspace)} review
then run the report again:
  npx paperlink --workspace ${shown(result.workspace)} report --out ${shown(join(result.dir, 'report'))}`);
    });
}
