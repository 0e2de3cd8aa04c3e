/**
 * The restricted family-links list as data: confirmed matches with only what consent lets the officer tell the
 * enquirer, and candidates awaiting a person's decision shown by sheet reference and evidence level, never by
 * value. Pure: sheets, candidates and decisions in, view out.
 */
import type { FamilyLinkDecisionRow, FamilyLinkSheetRow } from '../store/index.js';
import { disclosureFor, type Disclosure } from './disclose.js';
import { referenceYear } from './family-link-people.js';
import { topCandidates, type Candidate, type PairKind } from './find-candidates.js';
import { decisionOf, pairId, standingDecisions } from './match-decisions.js';

export interface SheetRef { readonly sheetId: number; readonly site: string; readonly serial: number }

export interface ConfirmedMatch {
  readonly pair: string;
  /** The enquirer's sheet: where the officer finds who asked. */
  readonly enquirer: SheetRef;
  readonly registered: SheetRef;
  readonly disclosure: Disclosure;
  readonly confirmedBy: string;
  readonly confirmedAt: string;
}

export interface AwaitingPair {
  readonly pair: string;
  readonly kind: PairKind;
  readonly a: SheetRef;
  readonly b: SheetRef;
  readonly probability: number;
  readonly likely: boolean;
  readonly unsure: boolean;
  /** Field and level only ("family: variant"): values stay in the workspace and the review page. */
  readonly evidence: readonly string[];
}

export interface FamilyLinkList {
  readonly confirmed: readonly ConfirmedMatch[];
  readonly awaiting: readonly AwaitingPair[];
  /** The same person registered twice (flag only; records are never merged). */
  readonly doubleRegistrations: readonly AwaitingPair[];
}

function refOf(sheet: FamilyLinkSheetRow): SheetRef {
  return { sheetId: sheet.sheetId, site: sheet.site, serial: sheet.serial };
}

export function planFamilyLinkList(sheets: readonly FamilyLinkSheetRow[], candidates: readonly Candidate[], decisions: readonly FamilyLinkDecisionRow[]): FamilyLinkList {
  const sheetById = new Map(sheets.map((sheet) => [sheet.sheetId, sheet]));
  const standing = standingDecisions(decisions);
  const confirmed: ConfirmedMatch[] = [];
  // Confirmed matches come from the decision log (the latest decision per pair), so a confirmation stands even if
  // the scores move later. Only a person sought confirmed against a registering person leads to a disclosure.
  for (const row of new Set(standing.values())) {
    if (row.decision !== 'confirm') continue;
    const soughtFirst = row.aSide === 'sought' && row.bSide === 'person';
    const soughtSecond = row.bSide === 'sought' && row.aSide === 'person';
    if (!soughtFirst && !soughtSecond) continue;
    const enquirerSheet = sheetById.get(soughtFirst ? row.aSheetId : row.bSheetId);
    const registeredSheet = sheetById.get(soughtFirst ? row.bSheetId : row.aSheetId);
    if (!enquirerSheet || !registeredSheet) continue;
    confirmed.push({
      pair: pairId(row), enquirer: refOf(enquirerSheet), registered: refOf(registeredSheet),
      disclosure: disclosureFor(registeredSheet.values, registeredSheet.site, referenceYear(registeredSheet)),
      confirmedBy: row.reviewer, confirmedAt: row.decidedAt,
    });
  }
  const awaiting: AwaitingPair[] = [];
  const doubles: AwaitingPair[] = [];
  // Each person sought gets their best three registrations shown (the true one is among them in ≥ 98 % of the
  // bench); other pairs only when likely or marked unsure.
  const shortlisted = new Set([...topCandidates(candidates, 3).values()].flat());
  for (const candidate of candidates) {
    const decision = decisionOf(standing, { aSheetId: candidate.a.sheetId, aSide: candidate.a.side, bSheetId: candidate.b.sheetId, bSide: candidate.b.side });
    if (decision === 'confirm' || decision === 'reject') continue;
    if (!candidate.likely && decision !== 'unsure' && !shortlisted.has(candidate)) continue;
    const a = sheetById.get(candidate.a.sheetId);
    const b = sheetById.get(candidate.b.sheetId);
    if (!a || !b) continue;
    const item: AwaitingPair = {
      pair: pairId({ aSheetId: candidate.a.sheetId, aSide: candidate.a.side, bSheetId: candidate.b.sheetId, bSide: candidate.b.side }),
      kind: candidate.kind, a: refOf(a), b: refOf(b), probability: candidate.comparison.probability, likely: candidate.likely, unsure: decision === 'unsure',
      evidence: candidate.comparison.evidence.map((item) => `${item.field}: ${item.level}`),
    };
    (candidate.kind === 'registration-registration' ? doubles : awaiting).push(item);
  }
  const byProbability = (x: AwaitingPair, y: AwaitingPair): number => y.probability - x.probability || x.pair.localeCompare(y.pair);
  return { confirmed: confirmed.sort((x, y) => x.pair.localeCompare(y.pair)), awaiting: awaiting.sort(byProbability), doubleRegistrations: doubles.sort(byProbability) };
}
