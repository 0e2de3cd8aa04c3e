/**
 * Field-by-field comparison of two family-link people: a level per field (Splink's default levels), its weight,
 * and a total match weight. Names are unordered word sets: given and family names swapped still agree. Pure.
 */
import jaroWinkler from 'talisman/metrics/jaro-winkler.js';
import { doubleMetaphone } from 'double-metaphone';
import { distance as levenshtein } from 'fastest-levenshtein';
import type { ComparisonKeys } from './comparison-keys.js';
import { variantKey } from './name-keys.js';
import {
  DOB_WEIGHTS, GIVEN_WEIGHTS, JW_HIGH, JW_LOW, MIN_NAME_FREQUENCY, PHONE_WEIGHTS, POSTCODE_WEIGHTS, PRIOR_WEIGHT, SELF_DOB_WEIGHTS, SEX_WEIGHTS, SURNAME_WEIGHTS,
  weightOf, type DobLevel, type MU, type NameLevel,
} from './match-weights.js';

export type ComparedField = 'family' | 'given' | 'dob' | 'phone' | 'postcode' | 'sex';

/** The evidence of one field: the level reached, its weight, and the words or values that reached it. */
export interface FieldEvidence {
  readonly field: ComparedField;
  readonly level: string;
  readonly weight: number;
  readonly left?: string;
  readonly right?: string;
}

export interface Comparison {
  readonly weight: number;
  readonly probability: number;
  /** True when the given and family names agree crosswise (written in each other's boxes). */
  readonly swapped: boolean;
  readonly evidence: readonly FieldEvidence[];
}

/**
 * How common each name (by variant key) is among the people compared: share of people carrying it, counted over
 * given and family names together (a name written in the other box is still the same name: Noor, Mohammed, Jansen).
 */
export type NameFrequencies = ReadonlyMap<string, number>;

const LEVEL_ORDER: readonly NameLevel[] = ['exact', 'variant', 'jw92', 'jw88', 'phonetic', 'different'];
const wordLevels = new Map<string, NameLevel>();
const metaphones = new Map<string, readonly [string, string]>();

function metaphoneOf(word: string): readonly [string, string] {
  let codes = metaphones.get(word);
  if (!codes) {
    codes = doubleMetaphone(word);
    metaphones.set(word, codes);
  }
  return codes;
}

/** The level two folded words reach (memoised: the same names meet again and again). */
export function compareWords(a: string, b: string): NameLevel {
  if (a === b) return 'exact';
  const key = a < b ? `${a}|${b}` : `${b}|${a}`;
  const known = wordLevels.get(key);
  if (known) return known;
  let level: NameLevel = 'different';
  if (variantKey(a) === variantKey(b)) level = 'variant';
  else {
    const similarity = jaroWinkler(a, b);
    if (similarity >= JW_HIGH) level = 'jw92';
    else if (similarity >= JW_LOW) level = 'jw88';
    else {
      const [a1, a2] = metaphoneOf(a);
      const [b1, b2] = metaphoneOf(b);
      if (a1 === b1 || a1 === b2 || a2 === b1 || a2 === b2) level = 'phonetic';
    }
  }
  if (wordLevels.size > 500_000) wordLevels.clear();
  wordLevels.set(key, level);
  return level;
}

interface BestWords { level: NameLevel; left?: string; right?: string }

function bestLevel(left: readonly string[], right: readonly string[]): BestWords | null {
  if (left.length === 0 || right.length === 0) return null;
  let best: BestWords = { level: 'different' };
  let rank = LEVEL_ORDER.length - 1;
  for (const a of left) {
    for (const b of right) {
      const level = compareWords(a, b);
      const levelRank = LEVEL_ORDER.indexOf(level);
      if (levelRank < rank || best.left === undefined) {
        best = { level, left: a, right: b };
        rank = levelRank;
        if (rank === 0) return best;
      }
    }
  }
  return best;
}

function betterOf(first: BestWords | null, second: BestWords | null): BestWords | null {
  if (!first || !second) return first ?? second;
  return LEVEL_ORDER.indexOf(second.level) < LEVEL_ORDER.indexOf(first.level) ? second : first;
}

function nameWeight(best: BestWords | null, weights: Readonly<Record<NameLevel, MU>>, frequencies: ReadonlyMap<string, number>): number {
  if (!best) return 0;
  const mu = weights[best.level];
  if ((best.level === 'exact' || best.level === 'variant') && best.left !== undefined) {
    // Term-frequency adjustment (Splink): agreeing on Jansen says less than agreeing on Hnatiuk.
    const frequency = Math.max(frequencies.get(variantKey(best.left)) ?? MIN_NAME_FREQUENCY, MIN_NAME_FREQUENCY);
    return Math.log2(mu.m / frequency);
  }
  return weightOf(mu);
}

function nameEvidence(field: 'family' | 'given', best: BestWords | null, weight: number): FieldEvidence[] {
  if (!best) return [];
  return [{ field, level: best.level, weight, ...(best.left === undefined ? {} : { left: best.left }), ...(best.right === undefined ? {} : { right: best.right }) }];
}

function compareNames(x: ComparisonKeys, y: ComparisonKeys, frequencies: NameFrequencies): { weight: number; swapped: boolean; evidence: FieldEvidence[] } {
  const orientations = [false, true].map((swapped) => {
    const yFamilyWords = swapped ? y.given : y.family;
    const yGivenWords = swapped ? y.family : y.given;
    // Alternates stand in for a written name on one side at a time: two alternates agreeing (say, both Russian
    // transliterations) must not count as a given and a family name at once.
    const family = betterOf(bestLevel([...x.family, ...x.alternates], yFamilyWords), bestLevel(x.family, y.alternates));
    const given = betterOf(bestLevel([...x.given, ...x.alternates], yGivenWords), bestLevel(x.given, y.alternates));
    const familyWeight = nameWeight(family, SURNAME_WEIGHTS, frequencies);
    const givenWeight = nameWeight(given, GIVEN_WEIGHTS, frequencies);
    return { weight: familyWeight + givenWeight, swapped, evidence: [...nameEvidence('family', family, familyWeight), ...nameEvidence('given', given, givenWeight)] };
  });
  const [straight, crossed] = orientations as [typeof orientations[0], typeof orientations[0]];
  return crossed.weight > straight.weight + 1 ? crossed : straight;
}

/** Date-of-birth level: both dates written, or a stated age on either side (then only the birth years count). */
export function compareDob(x: ComparisonKeys, y: ComparisonKeys): DobLevel | null {
  if (x.dob && y.dob) {
    if (x.dob === y.dob) return 'exact';
    if (levenshtein(x.dob, y.dob) === 1) return 'one-typo';
    return Math.abs(Number(x.dob.slice(0, 4)) - Number(y.dob.slice(0, 4))) <= 1 ? 'year-1' : 'different';
  }
  if (!x.birthYears || !y.birthYears) return null;
  // A stated age is an estimate (often by a relative): allow one more year either way.
  return x.birthYears[0] - 1 <= y.birthYears[1] && y.birthYears[0] - 1 <= x.birthYears[1] ? 'age-range' : 'different';
}

/**
 * Compares two people on every field both have; a field missing on either side weighs nothing. `selfReported`:
 * both records were written by the person themself (two registrations), which changes what a date differing means.
 */
export function comparePeople(x: ComparisonKeys, y: ComparisonKeys, frequencies: NameFrequencies, selfReported = false): Comparison {
  const names = compareNames(x, y, frequencies);
  const evidence: FieldEvidence[] = [...names.evidence];
  const dob = compareDob(x, y);
  if (dob) evidence.push({ field: 'dob', level: dob, weight: weightOf((selfReported ? SELF_DOB_WEIGHTS : DOB_WEIGHTS)[dob]) });
  if (x.phone && y.phone) {
    const level = x.phone === y.phone ? 'exact' : 'different';
    evidence.push({ field: 'phone', level, weight: weightOf(PHONE_WEIGHTS[level]) });
  }
  if (x.pc4 && y.pc4) {
    const level = x.pc4 === y.pc4 ? 'pc4' : x.pc2 === y.pc2 ? 'pc2' : 'different';
    evidence.push({ field: 'postcode', level, weight: weightOf(POSTCODE_WEIGHTS[level]) });
  }
  if (x.sex && y.sex && x.sex !== 'x' && y.sex !== 'x') {
    const level = x.sex === y.sex ? 'same' : 'different';
    evidence.push({ field: 'sex', level, weight: weightOf(SEX_WEIGHTS[level]) });
  }
  const weight = PRIOR_WEIGHT + evidence.reduce((sum, item) => sum + item.weight, 0);
  return { weight, probability: 1 / (1 + 2 ** -weight), swapped: names.swapped, evidence };
}
