/**
 * Names of candidate pairs and the standing decision on each: a pair is written "12s-40p" (sheet 12's person
 * sought, sheet 40's registering person), the same way in the list, the CLI and the decision log. Pure.
 */
import { PaperlinkError } from '../model/index.js';
import type { FamilyLinkDecision, FamilyLinkDecisionRow, FamilyLinkSide } from '../store/index.js';

export interface PairRef {
  readonly aSheetId: number;
  readonly aSide: FamilyLinkSide;
  readonly bSheetId: number;
  readonly bSide: FamilyLinkSide;
}

const SIDE_LETTER: Readonly<Record<FamilyLinkSide, string>> = { person: 'p', sought: 's' };

export function pairId(pair: PairRef): string {
  return `${pair.aSheetId}${SIDE_LETTER[pair.aSide]}-${pair.bSheetId}${SIDE_LETTER[pair.bSide]}`;
}

export function parsePairId(text: string): PairRef {
  const match = /^(\d+)([ps])-(\d+)([ps])$/.exec(text.trim());
  if (!match) {
    throw new PaperlinkError('argument-invalid', `"${text}" is not a candidate pair.`,
      'Copy the pair as shown in the family-links list, for example 12s-40p (sheet 12 person sought, sheet 40 person registering).', { path: 'pair' });
  }
  const side = (letter: string): FamilyLinkSide => (letter === 's' ? 'sought' : 'person');
  return { aSheetId: Number(match[1]), aSide: side(match[2]!), bSheetId: Number(match[3]), bSide: side(match[4]!) };
}

/** The latest decision on each pair, by pair id (either order of the two people names the same pair). */
export function standingDecisions(rows: readonly FamilyLinkDecisionRow[]): Map<string, FamilyLinkDecisionRow> {
  const standing = new Map<string, FamilyLinkDecisionRow>();
  for (const row of rows) {
    standing.set(pairId(row), row);
    standing.set(pairId({ aSheetId: row.bSheetId, aSide: row.bSide, bSheetId: row.aSheetId, bSide: row.aSide }), row);
  }
  return standing;
}

export function decisionOf(standing: ReadonlyMap<string, FamilyLinkDecisionRow>, pair: PairRef): FamilyLinkDecision | null {
  return standing.get(pairId(pair))?.decision ?? null;
}
