/**
 * Scores the trainees' family-link match decisions against the answer key's pairs: each pair the scenario links
 * (the person sought on the seeking sheet, the person registering on the safe sheet) is confirmed, rejected, left
 * unsure, still open, or missing (a sheet never reached the workspace); every other pair the trainees confirmed is a
 * false match. The standing decision on a pair is the latest one, as in the family-links list. Pure.
 */
import type { FamilyLinkDecision, FamilyLinkSide } from '../store/index.js';
import type { AnswerKey } from './answer-key.js';

export interface TraineeMatchDecision {
  readonly aSheetId: number;
  readonly aSide: FamilyLinkSide;
  readonly bSheetId: number;
  readonly bSide: FamilyLinkSide;
  readonly decision: FamilyLinkDecision;
}

export type MatchVerdict = 'confirmed' | 'rejected' | 'unsure' | 'open' | 'missing';

export interface MatchScore {
  readonly expected: number;
  readonly confirmed: number;
  readonly pairs: readonly { readonly pair: string; readonly seeking: string; readonly safe: string; readonly verdict: MatchVerdict }[];
  /** Pairs the trainees confirmed that the scenario does not link: a family told about the wrong person. */
  readonly falseMatches: number;
}

interface SheetIdentity { readonly sheetId: number; readonly form: string; readonly site: string; readonly serial: number }

const personKey = (sheetId: number, side: FamilyLinkSide): string => `${sheetId}${side === 'sought' ? 's' : 'p'}`;
/** Either order of the two people names the same pair. */
const pairKey = (x: string, y: string): string => (x < y ? `${x}|${y}` : `${y}|${x}`);

export function scoreMatches(key: AnswerKey, sheets: readonly SheetIdentity[], decisions: readonly TraineeMatchDecision[]): MatchScore {
  const idOf = new Map(sheets.map((sheet) => [`${sheet.form}\u0000${sheet.site}\u0000${sheet.serial}`, sheet.sheetId]));
  const keySheetId = (name: string): number | undefined => {
    const sheet = key.sheets.find((candidate) => candidate.name === name);
    return sheet ? idOf.get(`${sheet.form}\u0000${sheet.site}\u0000${sheet.serial}`) : undefined;
  };
  const standing = new Map<string, FamilyLinkDecision>();
  for (const row of decisions) standing.set(pairKey(personKey(row.aSheetId, row.aSide), personKey(row.bSheetId, row.bSide)), row.decision);
  const truePairs = new Set<string>();
  const pairs = key.matches.map((match) => {
    const seekingId = keySheetId(match.seeking);
    const safeId = keySheetId(match.safe);
    if (seekingId === undefined || safeId === undefined) return { ...match, verdict: 'missing' as const };
    const id = pairKey(personKey(seekingId, 'sought'), personKey(safeId, 'person'));
    truePairs.add(id);
    const decision = standing.get(id);
    const verdict: MatchVerdict = decision === 'confirm' ? 'confirmed' : decision === 'reject' ? 'rejected' : decision === 'unsure' ? 'unsure' : 'open';
    return { ...match, verdict };
  });
  const falseMatches = [...standing.entries()].filter(([id, decision]) => decision === 'confirm' && !truePairs.has(id)).length;
  return { expected: pairs.length, confirmed: pairs.filter((pair) => pair.verdict === 'confirmed').length, pairs, falseMatches };
}
