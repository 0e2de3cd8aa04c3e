/**
 * ENTRY of the family-link match queue in the review page (restricted, opened only on request): the candidate pairs
 * still waiting for a person, one at a time, with both records side by side and the evidence per field; a decision
 * goes to the append-only log through recordMatchDecision. The machine never confirms. The review server receives
 * this queue from the CLI (review never imports family-links), so the shapes here are the ones the page reads.
 */
import { listFamilyLinkDecisions, listFamilyLinkSheets, type FamilyLinkDecision, type FamilyLinkSheetRow, type Workspace } from '../store/index.js';
import type { PersonSide, PersonValues } from './comparison-keys.js';
import { peopleOfSheet, personValues, type PersonRole } from './family-link-people.js';
import { findCandidates, type PairKind } from './find-candidates.js';
import { pairId, parsePairId } from './match-decisions.js';
import { planFamilyLinkList, type AwaitingPair } from './plan-list.js';
import { recordMatchDecision, type RecordedDecision } from './record-decision.js';

/** One person's record as the tracing officer compares it: what staff typed, field by field, never the keys. */
export interface MatchRecord {
  readonly sheetId: number;
  readonly side: PersonSide;
  readonly role: PersonRole;
  readonly site: string;
  readonly serial: number;
  readonly fields: readonly { readonly field: keyof PersonValues; readonly value: string | null }[];
}

export interface MatchEvidence { readonly field: string; readonly level: string; readonly weight: number; readonly left?: string; readonly right?: string }

export interface MatchPairView {
  readonly pair: string;
  readonly kind: PairKind;
  readonly probability: number;
  readonly likely: boolean;
  readonly unsure: boolean;
  readonly a: MatchRecord;
  readonly b: MatchRecord;
  readonly evidence: readonly MatchEvidence[];
}

export interface MatchQueueCount {
  /** Pairs with no decision yet (seekers' shortlists, likely pairs, possible double registrations). */
  readonly waiting: number;
  /** Pairs a person marked unsure: they stay on the list and come back when asked for. */
  readonly unsure: number;
}

export interface MatchQueue {
  count(): MatchQueueCount;
  /** The next pair to decide, best first, leaving out `skip`; unsure pairs only with includeUnsure. Null when none. */
  next(options: { readonly skip: readonly string[]; readonly includeUnsure: boolean }): { readonly item: MatchPairView | null } & MatchQueueCount;
  decide(pair: string, decision: FamilyLinkDecision, reviewer: string): RecordedDecision;
}

/** Order of the fields on screen: names first, as the officer reads them against each other. */
const FIELD_ORDER: readonly (keyof PersonValues)[] = ['family', 'given', 'other', 'sex', 'dob', 'age', 'phone', 'postcode', 'freeText'];

function recordOf(sheet: FamilyLinkSheetRow, side: PersonSide, role: PersonRole): MatchRecord {
  const values = personValues(sheet.values, side === 'person' ? 'p' : 's');
  return { sheetId: sheet.sheetId, side, role, site: sheet.site, serial: sheet.serial, fields: FIELD_ORDER.map((field) => ({ field, value: values[field] })) };
}

interface Snapshot {
  readonly pending: readonly AwaitingPair[];
  readonly sheets: ReadonlyMap<number, FamilyLinkSheetRow>;
  readonly evidence: ReadonlyMap<string, { readonly evidence: readonly MatchEvidence[]; readonly roles: readonly [PersonRole, PersonRole] }>;
}

/** Everything still to decide, recomputed from the workspace (decisions of other reviewers included). */
function snapshot(workspace: Workspace): Snapshot {
  const sheets = listFamilyLinkSheets(workspace);
  const candidates = findCandidates(sheets.flatMap(peopleOfSheet));
  const list = planFamilyLinkList(sheets, candidates, listFamilyLinkDecisions(workspace));
  const evidence = new Map<string, { evidence: readonly MatchEvidence[]; roles: readonly [PersonRole, PersonRole] }>();
  for (const candidate of candidates) {
    const id = pairId({ aSheetId: candidate.a.sheetId, aSide: candidate.a.side, bSheetId: candidate.b.sheetId, bSide: candidate.b.side });
    evidence.set(id, { evidence: candidate.comparison.evidence, roles: [candidate.a.role, candidate.b.role] });
  }
  // Seekers against registrations first (a family waits for each), then seekers against seekers, then doubles.
  const pending = [...list.awaiting, ...list.doubleRegistrations];
  return { pending, sheets: new Map(sheets.map((sheet) => [sheet.sheetId, sheet])), evidence };
}

function viewOf(item: AwaitingPair, shot: Snapshot): MatchPairView | null {
  const ref = parsePairId(item.pair);
  const sheetA = shot.sheets.get(ref.aSheetId);
  const sheetB = shot.sheets.get(ref.bSheetId);
  const found = shot.evidence.get(item.pair);
  if (!sheetA || !sheetB || !found) return null;
  return {
    pair: item.pair, kind: item.kind, probability: item.probability, likely: item.likely, unsure: item.unsure,
    a: recordOf(sheetA, ref.aSide, found.roles[0]), b: recordOf(sheetB, ref.bSide, found.roles[1]), evidence: found.evidence,
  };
}

function countOf(pending: readonly AwaitingPair[]): MatchQueueCount {
  const unsure = pending.filter((item) => item.unsure).length;
  return { waiting: pending.length - unsure, unsure };
}

export function openMatchQueue(workspace: Workspace): MatchQueue {
  return {
    count: () => countOf(snapshot(workspace).pending),
    next: ({ skip, includeUnsure }) => {
      const shot = snapshot(workspace);
      const skipped = new Set(skip);
      const open = shot.pending.filter((item) => !skipped.has(item.pair) && (includeUnsure || !item.unsure));
      // Undecided pairs before the ones already marked unsure, each group best first (planFamilyLinkList's order).
      open.sort((x, y) => Number(x.unsure) - Number(y.unsure));
      for (const item of open) {
        const view = viewOf(item, shot);
        if (view) return { item: view, ...countOf(shot.pending) };
      }
      return { item: null, ...countOf(shot.pending) };
    },
    decide: (pair, decision, reviewer) => recordMatchDecision(workspace, pair, decision, reviewer),
  };
}
