/**
 * Names as comparison keys: words of a folded name, Dutch particles split from the core surname (as the Dutch
 * population register stores voorvoegsels apart), Arabic articles dropped, and known spellings of one name mapped
 * to one variant key (data in name-variants.json). Pure.
 */
import variantData from './name-variants.json' with { type: 'json' };
import { foldedReadings } from './fold-text.js';

/** Voorvoegsels as written after folding ("'t" keeps its apostrophe, "T" is the same word without it). */
const PARTICLES = new Set(['VAN', 'DE', 'DER', 'DEN', 'TER', 'TEN', "'T", 'T', 'IN', 'HET', 'OP', 'TE', "'S", 'S', 'VON', 'VOM', 'ZU', 'DI', 'DA', 'DOS', 'DU', 'LA', 'LE', 'VD']);
/** Arabic definite articles: "Al-Masri", "El Masri" and "Masri" are one family name. */
const ARTICLES = new Set(['AL', 'EL', 'UL']);

const VARIANT_KEY = new Map<string, string>();
for (const group of (variantData as { groups: string[][] }).groups) {
  for (const spelling of group) VARIANT_KEY.set(spelling, group[0] ?? spelling);
}

/** The variant key of one folded word: the first spelling of its group in name-variants.json, or the word itself. */
export function variantKey(word: string): string {
  return VARIANT_KEY.get(word) ?? word;
}

export interface SurnameParts {
  /** Particles in the order written (VAN, DER …). */
  readonly particles: readonly string[];
  /** The words that remain: what is compared. */
  readonly core: readonly string[];
}

function words(folded: string): string[] {
  // Hyphens were folded to spaces; an apostrophe inside a word (O'BRIEN) is dropped, a lone 'T stays a particle.
  // Single letters (initials, stray marks) are too weak to compare and are left out, except the particles 'T and 'S.
  return folded.split(' ').filter(Boolean).map((word) => (word === "'T" || word === "'S" ? word : word.replace(/'/g, '')))
    .filter((word) => word.length > 1 || PARTICLES.has(word));
}

/**
 * Splits a folded family name: particles before or after the core ("van der Berg", "Berg, van der") go apart,
 * articles (al-, el-) are dropped; if nothing would remain, the words are kept as the core.
 */
export function splitSurname(folded: string): SurnameParts {
  const all = words(folded);
  const particles: string[] = [];
  const core: string[] = [];
  for (const word of all) {
    if (PARTICLES.has(word)) particles.push(word.replace(/'/g, ''));
    else if (!ARTICLES.has(word)) core.push(word);
  }
  if (core.length === 0) return { particles: [], core: all.filter((word) => !ARTICLES.has(word)).map((word) => word.replace(/'/g, '')) };
  return { particles, core };
}

/**
 * Given names: the words of the box without particles or articles ("van den Berg" written in the given-name box
 * by mistake still yields BERG; a given name made only of particle-like words, such as "Le", is kept).
 */
export function givenWords(folded: string): string[] {
  return [...splitSurname(folded).core];
}

export interface NameKeys {
  readonly given: readonly string[];
  readonly family: readonly string[];
  readonly particles: readonly string[];
  /** Words of every other reading: the "other names or spellings" box and the second transliteration of Cyrillic. */
  readonly alternates: readonly string[];
}

/** Keys of one person's name as written in the given, family and "other names or spellings" boxes. */
export function nameKeys(given: string | null, family: string | null, other: string | null): NameKeys {
  const givenReadings = given ? foldedReadings(given) : [];
  const familyReadings = family ? foldedReadings(family) : [];
  const otherReadings = other ? foldedReadings(other) : [];
  const first = familyReadings[0] ? splitSurname(familyReadings[0]) : { particles: [], core: [] };
  const alternates = new Set<string>();
  for (const reading of familyReadings.slice(1)) for (const word of splitSurname(reading).core) alternates.add(word);
  for (const reading of givenReadings.slice(1)) for (const word of givenWords(reading)) alternates.add(word);
  for (const reading of otherReadings) for (const word of splitSurname(reading).core) alternates.add(word);
  const givenFirst = givenReadings[0] ? givenWords(givenReadings[0]) : [];
  for (const word of [...givenFirst, ...first.core]) alternates.delete(word);
  return { given: givenFirst, family: [...first.core], particles: [...first.particles], alternates: [...alternates].sort() };
}
