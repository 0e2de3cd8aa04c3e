/**
 * ENTRY: records a person's decision on a candidate pair (confirm, reject, unsure) in the append-only log, with
 * reviewer and time. The machine never calls this on its own: only the CLI stop-gap and the match queue do.
 */
import { PaperlinkError } from '../model/index.js';
import { insertFamilyLinkDecision, listFamilyLinkSheets, type FamilyLinkDecision, type Workspace } from '../store/index.js';
import { peopleOfSheet } from './family-link-people.js';
import { pairKind } from './find-candidates.js';
import { parsePairId, pairId } from './match-decisions.js';

export interface RecordedDecision { readonly id: number; readonly pair: string; readonly decision: FamilyLinkDecision; readonly reviewer: string; readonly decidedAt: string }

export function recordMatchDecision(workspace: Workspace, pairText: string, decision: FamilyLinkDecision, reviewer: string, now: Date = new Date()): RecordedDecision {
  const pair = parsePairId(pairText);
  if (reviewer.trim() === '') {
    throw new PaperlinkError('argument-invalid', 'A match decision needs the name of the person taking it.', 'Pass --reviewer NAME: every decision is logged with who took it and when.', { path: '--reviewer' });
  }
  const people = listFamilyLinkSheets(workspace).filter((sheet) => sheet.sheetId === pair.aSheetId || sheet.sheetId === pair.bSheetId).flatMap(peopleOfSheet);
  const a = people.find((person) => person.sheetId === pair.aSheetId && person.side === pair.aSide);
  const b = people.find((person) => person.sheetId === pair.bSheetId && person.side === pair.bSide);
  if (!a || !b || !pairKind(a, b)) {
    throw new PaperlinkError('argument-invalid', `Pair ${pairText} does not name two people of two family-link sheets in this workspace.`,
      'Copy the pair from the current family-links list (`paperlink family-links list --out DIR`).', { path: 'pair' });
  }
  const decidedAt = now.toISOString();
  const id = insertFamilyLinkDecision(workspace, { ...pair, decision, reviewer: reviewer.trim(), decidedAt });
  return { id, pair: pairId(pair), decision, reviewer: reviewer.trim(), decidedAt };
}
