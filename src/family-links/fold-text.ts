/**
 * Folding of written names for comparison: locale-free upper case, accents removed, letters that Unicode
 * decomposition leaves alone mapped explicitly, Cyrillic transliterated. Pure; never applied to what staff typed.
 */
import cyrillicModule from 'cyrillic-to-translit-js';

/** Letters NFD does not split into base + accent, mapped as Dutch registrars and ICAO 9303 write them. */
const EXPLICIT_LETTERS: Readonly<Record<string, string>> = {
  'ł': 'l', 'Ł': 'L', 'ß': 'SS', 'ẞ': 'SS', 'ı': 'I', 'İ': 'I', 'ø': 'o', 'Ø': 'O', 'đ': 'd', 'Đ': 'D', 'ð': 'd', 'Ð': 'D',
  'æ': 'ae', 'Æ': 'AE', 'œ': 'oe', 'Œ': 'OE', 'þ': 'th', 'Þ': 'TH', 'ħ': 'h', 'Ħ': 'H', 'ŀ': 'l', 'Ŀ': 'L', 'ŧ': 't', 'Ŧ': 'T',
  'ĳ': 'ij', 'Ĳ': 'IJ', 'ŋ': 'ng', 'Ŋ': 'NG', 'ſ': 's',
};
const EXPLICIT_PATTERN = new RegExp(`[${Object.keys(EXPLICIT_LETTERS).join('')}]`, 'gu');
const CYRILLIC = /[\u0400-\u04FF]/u;
/** The package is CommonJS with an ES-style declaration: under Node ESM the default import is the function itself. */
type Transliterator = (config: { preset: 'uk' | 'ru' }) => { transform(input: string): string };
const cyrillicToTranslit = ((cyrillicModule as unknown as { default?: Transliterator }).default ?? cyrillicModule) as unknown as Transliterator;
const UKRAINIAN_ONLY: Readonly<Record<string, string>> = { 'і': 'и', 'І': 'И', 'ї': 'и', 'Ї': 'И', 'є': 'е', 'Є': 'Е', 'ґ': 'г', 'Ґ': 'Г', 'ʼ': '', '\'': '' };
const RUSSIAN_ONLY: Readonly<Record<string, string>> = { 'ы': 'и', 'Ы': 'И', 'э': 'е', 'Э': 'Е', 'ё': 'е', 'Ё': 'Е', 'ъ': '', 'Ъ': '' };

function replaceLetters(text: string, letters: Readonly<Record<string, string>>): string {
  return [...text].map((letter) => letters[letter] ?? letter).join('');
}

const UKRAINIAN = cyrillicToTranslit({ preset: 'uk' });
const RUSSIAN = cyrillicToTranslit({ preset: 'ru' });

/**
 * Upper-case ASCII letters, digits, spaces and apostrophes only. `toUpperCase` (not `toLocaleUpperCase`) so that a
 * Turkish locale on the laptop cannot turn "i" into "İ".
 */
export function foldText(text: string): string {
  return text
    .replace(EXPLICIT_PATTERN, (letter) => EXPLICIT_LETTERS[letter] ?? letter)
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toUpperCase()
    .replace(/[’‘`´]/gu, "'")
    .replace(/[^A-Z0-9' ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Every Latin reading of a written text, folded: one for Latin script; for Cyrillic the Ukrainian and the Russian
 * transliteration (the same letters are romanised differently: И is Y in Ukrainian, I in Russian), distinct only.
 */
export function foldedReadings(text: string): string[] {
  if (!CYRILLIC.test(text)) return [foldText(text)];
  // Each preset knows only its own alphabet: letters of the other language are first written as their nearest
  // letter in this one (Ukrainian і is Russian и; Russian ы is Ukrainian и), or they would fall out as punctuation.
  const readings = [foldText(UKRAINIAN.transform(replaceLetters(text, RUSSIAN_ONLY))), foldText(RUSSIAN.transform(replaceLetters(text, UKRAINIAN_ONLY)))];
  return readings.filter((reading, index) => readings.indexOf(reading) === index);
}
