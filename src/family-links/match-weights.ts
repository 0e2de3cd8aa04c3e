/**
 * Fellegi–Sunter parameters: for each comparison level, m (how often a true pair shows it) and u (how often two
 * different people show it). Levels follow Splink's default name and date comparisons. Values are priors set by
 * reasoning about transcribed handwriting and tuned only on the bench's training seed (bench/family-links-bench.ts),
 * never on its held-out seed. The u of an exact or variant name is replaced by that name's frequency in the workspace.
 */
export type NameLevel = 'exact' | 'variant' | 'jw92' | 'jw88' | 'phonetic' | 'different';
export type DobLevel = 'exact' | 'one-typo' | 'year-1' | 'age-range' | 'different';
export type PhoneLevel = 'exact' | 'different';
export type PostcodeLevel = 'pc4' | 'pc2' | 'different';
export type SexLevel = 'same' | 'different';

export interface MU { readonly m: number; readonly u: number }

export const SURNAME_WEIGHTS: Readonly<Record<NameLevel, MU>> = {
  exact: { m: 0.62, u: 0.01 }, variant: { m: 0.12, u: 0.002 }, jw92: { m: 0.1, u: 0.004 },
  jw88: { m: 0.05, u: 0.008 }, phonetic: { m: 0.05, u: 0.02 }, different: { m: 0.06, u: 0.956 },
};
export const GIVEN_WEIGHTS: Readonly<Record<NameLevel, MU>> = {
  exact: { m: 0.65, u: 0.01 }, variant: { m: 0.12, u: 0.003 }, jw92: { m: 0.08, u: 0.006 },
  jw88: { m: 0.04, u: 0.01 }, phonetic: { m: 0.04, u: 0.03 }, different: { m: 0.07, u: 0.941 },
};
export const DOB_WEIGHTS: Readonly<Record<DobLevel, MU>> = {
  exact: { m: 0.8, u: 0.0002 }, 'one-typo': { m: 0.1, u: 0.002 }, 'year-1': { m: 0.04, u: 0.03 },
  'age-range': { m: 0.9, u: 0.04 }, different: { m: 0.06, u: 0.93 },
};
/**
 * Both dates written by the people themselves (one person registered twice): their own date of birth rarely
 * changes by a year between two sheets, so a year apart is evidence of two people, not of a slip.
 */
export const SELF_DOB_WEIGHTS: Readonly<Record<DobLevel, MU>> = {
  exact: { m: 0.93, u: 0.0002 }, 'one-typo': { m: 0.05, u: 0.002 }, 'year-1': { m: 0.005, u: 0.03 },
  'age-range': { m: 0.9, u: 0.04 }, different: { m: 0.015, u: 0.93 },
};
/** People often give another number (a borrowed phone, a second SIM): a different number is weak evidence. */
export const PHONE_WEIGHTS: Readonly<Record<PhoneLevel, MU>> = { exact: { m: 0.6, u: 0.0001 }, different: { m: 0.4, u: 0.9999 } };
export const POSTCODE_WEIGHTS: Readonly<Record<PostcodeLevel, MU>> = {
  pc4: { m: 0.7, u: 0.02 }, pc2: { m: 0.15, u: 0.1 }, different: { m: 0.15, u: 0.88 },
};
export const SEX_WEIGHTS: Readonly<Record<SexLevel, MU>> = { same: { m: 0.97, u: 0.5 }, different: { m: 0.03, u: 0.5 } };

/** A name's share of the workspace never lowers u below this: one-off names would otherwise weigh without limit. */
export const MIN_NAME_FREQUENCY = 0.0005;
/**
 * Prior odds that two people in one block are the same person, as a match weight (log2). Adding it turns the sum
 * of field weights into a match probability; its value only moves the cut, never the order of candidates.
 */
export const PRIOR_WEIGHT = -9;
/** Match probability from which a candidate is shown as "likely" (a person still confirms every match). */
export const LIKELY_PROBABILITY = 0.9;
/** Below this match probability a pair is not listed as a candidate at all. */
export const CANDIDATE_PROBABILITY = 0.01;

/** Jaro–Winkler thresholds of Splink's default name comparison. */
export const JW_HIGH = 0.92;
export const JW_LOW = 0.88;

export function weightOf(mu: MU): number {
  return Math.log2(mu.m / mu.u);
}
