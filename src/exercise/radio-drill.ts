/**
 * The exercise's radio drill (issue #24 item 6): one site's pre-filled sheets are turned into a SITREP as of the end
 * of the scenario, read out by the site's radio operator and written down at the office station, which enters it
 * (`paperlink radio receive`). The answer key holds the expected message; the score compares what the receiving
 * station recorded (the workspace's received SITREPs) with it, label by label.
 *
 * The expected message is made by the same code as `paperlink radio compose` (the report's own figures for the site,
 * small counts as FEW or HIDDEN), passed in by the CLI as ComposeRadioDrill: features never import each other.
 * Pure: the plan and the rows in, the drill and its score out.
 */
import type { FieldValue, FormDefinition } from '../model/index.js';
import type { RadioSitrepRow } from '../store/index.js';
import type { PackPlan, PrefilledSheet } from './plan-pack.js';

/** A count as a SITREP carries it: a number, or 'few' (1–4) / 'hidden' as the report hides it. */
export type DrillCount = number | 'few' | 'hidden';

/** The SITREP's figures as JSON (the shape radio/sitrep.ts's SitrepFigures has, and radio receive stores). */
export interface DrillFigures {
  readonly site: string;
  readonly date: string;
  readonly time: string;
  readonly households: DrillCount;
  readonly persons: DrillCount;
  readonly urgent: DrillCount;
  readonly needs: readonly { readonly code: string; readonly households: DrillCount }[];
  readonly safe: DrillCount;
  readonly tracing: DrillCount;
}

/** One pre-filled sheet as the composer needs it: its form, the printed layout's fingerprint, its exact values. */
export interface DrillSheet {
  readonly form: string;
  readonly definition: FormDefinition;
  readonly fingerprint: string;
  readonly site: string;
  readonly serial: number;
  readonly values: Readonly<Record<string, FieldValue>>;
}

/** Made by the CLI from report/ (the site's figures) and radio/ (the message): the SITREP of these sheets as of `asOf`. */
export type ComposeRadioDrill = (request: { readonly site: string; readonly asOf: string; readonly sheets: readonly DrillSheet[] }) =>
  { readonly text: string; readonly check: number; readonly figures: DrillFigures };

/** The drill in the answer key. */
export interface RadioDrillKey {
  readonly site: string;
  /** Local 'YYYY-MM-DDTHH:MM' the situation is given as of (the scenario's end, or its last sheet if later). */
  readonly asOf: string;
  /** The pre-filled sheets (names) the site turns into the message. */
  readonly sheets: readonly string[];
  readonly text: string;
  /** The preamble's check: the word count. */
  readonly check: number;
  readonly figures: DrillFigures;
}

/** A SITREP the receiving station recorded: the parts of store/radio-sitreps.ts's rows the score reads. */
export type ReceivedDrillSitrep = Pick<RadioSitrepRow, 'site' | 'sentDate' | 'sentTime' | 'figuresJson' | 'text' | 'station' | 'receivedAt' | 'receptions'>;

export type DrillVerdict = 'right' | 'wrong' | 'missing';

export interface DrillLabel {
  /** DATE, TIME, HOUSEHOLDS, PERSONS, URGENT, a need word (WATER …), SAFE or TRACING. */
  readonly label: string;
  /** As the message says it; null: not in the expected message (a need sent that should not be). */
  readonly expected: string | null;
  /** As recorded; null: not recorded. */
  readonly got: string | null;
  readonly verdict: DrillVerdict;
}

export interface RadioDrillScore {
  readonly site: string;
  readonly expected: string;
  /** A message of the drill site was taken (it passed its word count and control total). */
  readonly received: boolean;
  readonly receivedText: string | null;
  readonly station: string | null;
  readonly labels: readonly DrillLabel[];
  readonly right: number;
  readonly wrong: number;
  /** Every label right. */
  readonly full: boolean;
}

/** 'DDMMYY' + 'HHMM' written on a form → local 'YYYY-MM-DDTHH:MM', or null. */
function writtenTime(date: FieldValue | undefined, time: FieldValue | undefined): string | null {
  if (typeof date !== 'string' || typeof time !== 'string' || !/^\d{6}$/.test(date) || !/^\d{4}$/.test(time)) return null;
  return `20${date.slice(4, 6)}-${date.slice(2, 4)}-${date.slice(0, 2)}T${time.slice(0, 2)}:${time.slice(2, 4)}`;
}

/** The scenario's end as local 'YYYY-MM-DDTHH:MM' (its start plus its duration). */
function scenarioEnd(plan: PackPlan): string {
  return new Date(Date.parse(`${plan.scenario.start}:00Z`) + plan.scenario.durationHours * 3_600_000).toISOString().slice(0, 16);
}

/**
 * The drill's site and sheets: the first site with pre-filled intake sheets, all its pre-filled intake and family-link
 * sheets; null when no site has any.
 */
export function planRadioDrill(plan: PackPlan): { readonly site: string; readonly asOf: string; readonly sheets: readonly PrefilledSheet[] } | null {
  const site = plan.sites.find((code) => plan.prefilled.some((sheet) => sheet.site === code && sheet.form === 'intake'));
  if (site === undefined) return null;
  const sheets = plan.prefilled.filter((sheet) => sheet.site === site && (sheet.form === 'intake' || sheet.form === 'family-link'));
  const latest = sheets.map((sheet) => writtenTime(sheet.values['date'], sheet.values['time'])).filter((time): time is string => time !== null).sort().pop();
  const end = scenarioEnd(plan);
  return { site, asOf: latest !== undefined && latest > end ? latest : end, sheets };
}

const word = (count: DrillCount | undefined): string | null => (count === undefined ? null : typeof count === 'number' ? String(count) : count.toUpperCase());

/** The labels of a message, each with its word: DATE, TIME, the fixed figures, then each need. */
function labelsOf(figures: DrillFigures): Map<string, string | null> {
  const labels = new Map<string, string | null>([
    ['DATE', figures.date], ['TIME', figures.time], ['HOUSEHOLDS', word(figures.households)], ['PERSONS', word(figures.persons)],
    ['URGENT', word(figures.urgent)],
  ]);
  for (const need of figures.needs) labels.set(need.code.toUpperCase(), word(need.households));
  labels.set('SAFE', word(figures.safe));
  labels.set('TRACING', word(figures.tracing));
  return labels;
}

/**
 * What the receiving station recorded against the expected message: the drill site's message of the expected date and
 * time if one was taken, else its latest; each label right, wrong, or missing (nothing of the site recorded).
 */
export function scoreRadioDrill(drill: RadioDrillKey, received: readonly ReceivedDrillSitrep[]): RadioDrillScore {
  const ofSite = received.filter((row) => row.site === drill.site).sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  const chosen = ofSite.find((row) => row.sentDate === drill.figures.date && row.sentTime === drill.figures.time) ?? ofSite[0];
  const expected = labelsOf(drill.figures);
  const got = chosen ? labelsOf(JSON.parse(chosen.figuresJson) as DrillFigures) : new Map<string, string | null>();
  const labels: DrillLabel[] = [];
  for (const [label, want] of expected) {
    const have = got.get(label) ?? null;
    labels.push({ label, expected: want, got: have, verdict: !chosen ? 'missing' : have === want ? 'right' : 'wrong' });
  }
  for (const [label, have] of got) if (!expected.has(label)) labels.push({ label, expected: null, got: have, verdict: 'wrong' });
  const right = labels.filter((label) => label.verdict === 'right').length;
  const wrong = labels.filter((label) => label.verdict === 'wrong').length;
  return {
    site: drill.site, expected: drill.text, received: chosen !== undefined, receivedText: chosen?.text ?? null, station: chosen?.station ?? null,
    labels, right, wrong, full: chosen !== undefined && wrong === 0 && right === labels.length,
  };
}
