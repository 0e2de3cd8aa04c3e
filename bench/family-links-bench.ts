/**
 * Bench: family-link matching (#17). Quality on 2,000 safe registrations + 500 seekers over 6 sites with 300 true
 * pairs, on the held-out seed (weights in src/family-links/match-weights.ts were tuned only on TRAINING_SEED, shown
 * for reference); speed as matching 100,000 records against reading them from the workspace in the same run.
 * Goals: ≥ 98 % of true pairs in the seeker's top 3; ≥ 90 % of "likely" pairs true; matching ≤ 20× reading.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findCandidates, peopleOfSheet, topCandidates } from '../src/family-links/index.js';
import { simulateFamilyLinks } from '../src/simulate/index.js';
import { listFamilyLinkSheets, openWorkspace, type Workspace } from '../src/store/index.js';
import { loadFormCatalogue } from '../src/cli/load-forms.js';
import type { BenchFigures } from './measure.js';

export const TRAINING_SEED = 101;
export const HELD_OUT_SEED = 2026;
const SITES = ['0101', '0102', '0201', '0202', '0301', '0302'];

function withWorkspace<T>(work: (workspace: Workspace) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'paperlink-rfl-bench-'));
  const workspace = openWorkspace(dir);
  try {
    return work(workspace);
  } finally {
    workspace.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MatchQuality {
  readonly truePairs: number;
  readonly inTop3: number;
  readonly inTop1: number;
  readonly likely: number;
  readonly likelyTrue: number;
  readonly duplicates: number;
  readonly duplicatesFlagged: number;
  readonly duplicateFlags: number;
  readonly duplicateFlagsTrue: number;
}

/** Simulates the quality set for one seed, matches it, and counts against the truth. */
export function measureQuality(seed: number): MatchQuality {
  const family = loadFormCatalogue().forms.find((form) => form.id === 'family-link')!;
  return withWorkspace((workspace) => {
    const simulated = simulateFamilyLinks(workspace, family, { safe: 2000, seekers: 500, truePairs: 300, duplicates: 40, sites: SITES, seed });
    const people = listFamilyLinkSheets(workspace).flatMap(peopleOfSheet);
    const candidates = findCandidates(people);
    const sheetOf = (index: number): number => simulated.sheetIds[index]!;
    const truePairs = new Set(simulated.truth.seekerSafe.map(([seeker, safe]) => `${sheetOf(seeker)}:${sheetOf(safe)}`));
    const duplicatePairs = new Set(simulated.truth.registrations.map(([a, b]) => `${Math.min(sheetOf(a), sheetOf(b))}:${Math.max(sheetOf(a), sheetOf(b))}`));
    const top = topCandidates(candidates, 3);
    let inTop3 = 0;
    let inTop1 = 0;
    for (const [sought, list] of top) {
      const index = list.findIndex((candidate) => truePairs.has(`${sought.sheetId}:${candidate.b.sheetId}`) && candidate.b.side === 'person');
      if (index >= 0) inTop3++;
      if (index === 0) inTop1++;
    }
    const likely = candidates.filter((candidate) => candidate.kind === 'seeker-safe' && candidate.likely);
    const flags = candidates.filter((candidate) => candidate.kind === 'registration-registration' && candidate.likely);
    const flagKey = (a: number, b: number): string => `${Math.min(a, b)}:${Math.max(a, b)}`;
    const flagsTrue = flags.filter((candidate) => duplicatePairs.has(flagKey(candidate.a.sheetId, candidate.b.sheetId)));
    return {
      truePairs: truePairs.size, inTop3, inTop1, likely: likely.length,
      likelyTrue: likely.filter((candidate) => truePairs.has(`${candidate.a.sheetId}:${candidate.b.sheetId}`)).length,
      duplicates: duplicatePairs.size, duplicatesFlagged: new Set(flagsTrue.map((candidate) => flagKey(candidate.a.sheetId, candidate.b.sheetId))).size,
      duplicateFlags: flags.length, duplicateFlagsTrue: flagsTrue.length,
    };
  });
}

function percent(part: number, whole: number): string {
  return whole === 0 ? 'n/a' : `${(100 * part / whole).toFixed(1)} %`;
}

function qualityFigures(label: string, quality: MatchQuality): BenchFigures {
  return {
    [`${label}: true pairs in top 3 (goal ≥ 98 %)`]: `${percent(quality.inTop3, quality.truePairs)} (${quality.inTop3}/${quality.truePairs})`,
    [`${label}: true pairs ranked first`]: percent(quality.inTop1, quality.truePairs),
    [`${label}: "likely" pairs that are true (goal ≥ 90 %)`]: `${percent(quality.likelyTrue, quality.likely)} (${quality.likelyTrue}/${quality.likely})`,
    [`${label}: true pairs shown as "likely"`]: percent(quality.likelyTrue, quality.truePairs),
    [`${label}: double registrations flagged`]: `${quality.duplicatesFlagged}/${quality.duplicates}, flags true ${percent(quality.duplicateFlagsTrue, quality.duplicateFlags)}`,
  };
}

/** Reading 100,000 records from the workspace vs keys + blocking + scoring them, in the same run. */
export function measureSpeed(records: number): { readMs: number; matchMs: number; candidates: number } {
  const family = loadFormCatalogue().forms.find((form) => form.id === 'family-link')!;
  return withWorkspace((workspace) => {
    const seekers = Math.round(records * 0.2);
    simulateFamilyLinks(workspace, family, { safe: records - seekers, seekers, truePairs: Math.round(seekers * 0.6), duplicates: Math.round(records * 0.01), sites: SITES, seed: 7 });
    listFamilyLinkSheets(workspace);
    const readStart = performance.now();
    const sheets = listFamilyLinkSheets(workspace);
    const readMs = performance.now() - readStart;
    const matchStart = performance.now();
    const candidates = findCandidates(sheets.flatMap(peopleOfSheet));
    const matchMs = performance.now() - matchStart;
    return { readMs, matchMs, candidates: candidates.length };
  });
}

export async function benchFamilyLinks(): Promise<BenchFigures> {
  const held = measureQuality(HELD_OUT_SEED);
  const training = measureQuality(TRAINING_SEED);
  const speed = measureSpeed(100_000);
  return {
    ...qualityFigures(`held-out seed ${HELD_OUT_SEED}`, held),
    ...qualityFigures(`training seed ${TRAINING_SEED}`, training),
    'read 100,000 records from the workspace (ms)': Math.round(speed.readMs),
    'match 100,000 records: keys, blocks, scores (ms)': Math.round(speed.matchMs),
    'matching / reading (goal ≤ 20×)': `${(speed.matchMs / speed.readMs).toFixed(1)}×`,
    'candidate pairs kept at 100,000 records': speed.candidates,
  };
}
