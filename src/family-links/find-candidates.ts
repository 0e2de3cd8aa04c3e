/**
 * Candidate pairs without comparing all pairs: people meet only when they share a blocking key (phonetic core
 * surname; a name word + birth year; a name word + day and month of birth; phone; PC4 + initial of a name), and each pair met is scored once.
 * Seekers meet registrations, seekers meet seekers, and registrations meet registrations (flagged, never merged). Pure.
 */
import { doubleMetaphone } from 'double-metaphone';
import { comparePeople, type Comparison, type NameFrequencies } from './compare-people.js';
import type { FamilyLinkPerson } from './family-link-people.js';
import { CANDIDATE_PROBABILITY, LIKELY_PROBABILITY } from './match-weights.js';
import { variantKey } from './name-keys.js';

/** seeker-safe: a person sought and a registered person · seeker-seeker: two enquirers after one person · registration-registration: one person registered twice. */
export type PairKind = 'seeker-safe' | 'seeker-seeker' | 'registration-registration';

export interface Candidate {
  readonly kind: PairKind;
  /** The person sought (seeker pairs) or the earlier registration. */
  readonly a: FamilyLinkPerson;
  readonly b: FamilyLinkPerson;
  readonly comparison: Comparison;
  /** Shown as "likely" to the team; a person still confirms or rejects it. */
  readonly likely: boolean;
}

/**
 * A block with more members than this is too common to narrow anything (a surname carried by hundreds): it is
 * skipped, and its pairs still meet through the narrower keys (name + birth year, phone, PC4 + initial). On the
 * bench's training seed, caps from 400 down to 50 found the same pairs; at 100,000 records the surname blocks
 * between 120 and 400 members were most of the scoring time.
 */
export const MAX_BLOCK_SIZE = 120;

function phoneticCode(word: string): string {
  return doubleMetaphone(variantKey(word))[0];
}

/** The blocking keys of one person: every key is a string; two people sharing any key are compared. */
export function blockingKeys(person: FamilyLinkPerson): string[] {
  const { keys } = person;
  const keysOut = new Set<string>();
  for (const word of [...keys.family, ...keys.alternates]) keysOut.add(`S:${phoneticCode(word)}`);
  if (keys.birthYears) {
    // An exact year from a date of birth; a stated age could be a year off on either side.
    const [from, to] = keys.dob ? keys.birthYears : [keys.birthYears[0] - 1, keys.birthYears[1] + 1];
    for (const word of [...keys.given, ...keys.family, ...keys.alternates]) {
      const code = phoneticCode(word);
      for (let year = from; year <= to; year++) keysOut.add(`Y:${code}:${year}`);
    }
  }
  const nameWords = [...keys.given, ...keys.family];
  // Day and month of birth with a name word: meets a year written wrong together with names written crosswise.
  if (keys.dob) for (const word of nameWords) keysOut.add(`D:${phoneticCode(word)}:${keys.dob.slice(4)}`);
  if (keys.phone) keysOut.add(`P:${keys.phone}`);
  // PC4 with the initial of either name box, so that swapped names still share the key.
  if (keys.pc4) for (const word of nameWords) keysOut.add(`L:${keys.pc4}:${word[0] ?? ''}`);
  return [...keysOut];
}

/** How common each variant name is among these people (share of people whose given or family name holds it). */
export function nameFrequencies(people: readonly FamilyLinkPerson[]): NameFrequencies {
  const counts = new Map<string, number>();
  for (const person of people) {
    for (const word of new Set([...person.keys.family, ...person.keys.given, ...person.keys.alternates].map(variantKey))) counts.set(word, (counts.get(word) ?? 0) + 1);
  }
  const total = Math.max(people.length, 1);
  for (const [word, count] of counts) counts.set(word, count / total);
  return counts;
}

/** The kind of pair two people make, with the sought person first; null when they are not to be compared. */
export function pairKind(x: FamilyLinkPerson, y: FamilyLinkPerson): { kind: PairKind; a: FamilyLinkPerson; b: FamilyLinkPerson } | null {
  if (x.sheetId === y.sheetId) return null;
  const xSought = x.role === 'sought';
  const ySought = y.role === 'sought';
  if (xSought && ySought) return { kind: 'seeker-seeker', a: x, b: y };
  if (xSought) return { kind: 'seeker-safe', a: x, b: y };
  if (ySought) return { kind: 'seeker-safe', a: y, b: x };
  return { kind: 'registration-registration', a: x, b: y };
}

export interface CandidateOptions {
  /** Frequencies to weigh names by (default: those of `people`). */
  readonly frequencies?: NameFrequencies;
  /** Blocks larger than this are skipped (default MAX_BLOCK_SIZE). */
  readonly maxBlockSize?: number;
}

/** Scored candidate pairs, each pair once, best first within each sought person (then by sheet). */
export function findCandidates(people: readonly FamilyLinkPerson[], options: CandidateOptions = {}): Candidate[] {
  const frequencies = options.frequencies ?? nameFrequencies(people);
  const maxBlockSize = options.maxBlockSize ?? MAX_BLOCK_SIZE;
  const blocks = new Map<string, number[]>();
  people.forEach((person, index) => {
    for (const key of blockingKeys(person)) {
      const members = blocks.get(key);
      if (members) members.push(index);
      else blocks.set(key, [index]);
    }
  });
  // Each person collects the later people it shares any usable block with, so each pair is scored once without a
  // global set of every pair seen (tens of millions at 100,000 records).
  const blocksOf: number[][][] = people.map(() => []);
  for (const members of blocks.values()) {
    if (members.length < 2 || members.length > maxBlockSize) continue;
    for (const member of members) blocksOf[member]!.push(members);
  }
  const candidates: Candidate[] = [];
  const met = new Set<number>();
  for (let first = 0; first < people.length; first++) {
    met.clear();
    for (const members of blocksOf[first]!) for (const second of members) if (second > first) met.add(second);
    for (const second of met) {
      const pair = pairKind(people[first]!, people[second]!);
      if (!pair) continue;
      const comparison = comparePeople(pair.a.keys, pair.b.keys, frequencies, pair.kind === 'registration-registration');
      if (comparison.probability < CANDIDATE_PROBABILITY) continue;
      candidates.push({ ...pair, comparison, likely: comparison.probability >= LIKELY_PROBABILITY });
    }
  }
  const sideOrder = (person: FamilyLinkPerson): number => (person.side === 'person' ? 0 : 1);
  return candidates.sort((x, y) => x.a.sheetId - y.a.sheetId || sideOrder(x.a) - sideOrder(y.a) || y.comparison.weight - x.comparison.weight || x.b.sheetId - y.b.sheetId);
}

/** Each sought person's best `count` registered candidates (seeker-safe pairs), by sought person. */
export function topCandidates(candidates: readonly Candidate[], count: number): Map<FamilyLinkPerson, Candidate[]> {
  const bySought = new Map<FamilyLinkPerson, Candidate[]>();
  for (const candidate of candidates) {
    if (candidate.kind !== 'seeker-safe') continue;
    const list = bySought.get(candidate.a) ?? [];
    if (list.length < count) list.push(candidate);
    bySought.set(candidate.a, list);
  }
  return bySought;
}
