/**
 * The SITREP's checks: 1,000 composed messages for sites of every size (up to 5,000 sheets), each clean one accepted
 * with the same figures, each with one corruption (a digit changed in one number, a word dropped, a word said twice)
 * refused with the check that caught it. Every message ≤ 25 words.
 */
import { describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../../src/model/index.js';
import { composeSitrep, MAX_SITREP_WORDS, NEED_WORDS, parseSitrep, sitrepWords, type SitrepCount, type SitrepFigures } from '../../src/radio/sitrep.js';

/** As the public report shows counts: 1–4 as FEW, now and then one hidden for the sake of another. */
function shown(value: number, rng: Rng): SitrepCount {
  if (value >= 1 && value <= 4) return 'few';
  return rng.chance(0.03) ? 'hidden' : value;
}

function randomFigures(rng: Rng): SitrepFigures {
  const sheets = rng.int(0, 5000);
  const households = rng.int(0, sheets);
  const needCodes = [...NEED_WORDS].sort(() => rng.next() - 0.5).slice(0, rng.int(0, 3)).map((word) => word.toLowerCase());
  return {
    site: `${rng.pick(['AMS', 'UTR', 'GRO', 'RTD', 'EX'])}${String(rng.int(1, 99)).padStart(2, '0')}`,
    date: `${String(rng.int(1, 28)).padStart(2, '0')}${String(rng.int(1, 12)).padStart(2, '0')}`,
    time: `${String(rng.int(0, 23)).padStart(2, '0')}${String(rng.int(0, 59)).padStart(2, '0')}`,
    households: shown(households, rng), persons: shown(households + rng.int(0, households * 3), rng), urgent: shown(rng.int(0, Math.ceil(households / 10)), rng),
    needs: needCodes.map((code) => ({ code, households: shown(rng.int(0, households), rng) })),
    safe: shown(rng.int(0, Math.ceil(sheets / 20)), rng), tracing: shown(rng.int(0, Math.ceil(sheets / 40)), rng),
  };
}

type Corruption = 'digit' | 'dropped' | 'twice';

function corrupt(text: string, kind: Corruption, rng: Rng): string {
  const words = sitrepWords(text);
  if (kind === 'dropped') { words.splice(rng.int(0, words.length - 1), 1); return words.join(' '); }
  if (kind === 'twice') { const at = rng.int(0, words.length - 1); words.splice(at, 0, words[at]!); return words.join(' '); }
  const numeric = words.map((word, index) => (/^\d+$/.test(word) ? index : -1)).filter((index) => index >= 0);
  const at = rng.pick(numeric);
  const word = words[at]!;
  const position = rng.int(0, word.length - 1);
  const digit = Number(word[position]);
  const other = (digit + rng.int(1, 9)) % 10;
  words[at] = word.slice(0, position) + String(other) + word.slice(position + 1);
  return words.join(' ');
}

describe('SITREP', () => {
  it('reads back the figures it was composed from, in at most 25 words', () => {
    const figures: SitrepFigures = { site: 'AMS01', date: '0312', time: '1400', households: 18, persons: 51, urgent: 3,
      needs: [{ code: 'water', households: 12 }, { code: 'food', households: 9 }, { code: 'medication', households: 4 }], safe: 5, tracing: 2 };
    const text = composeSitrep(figures);
    expect(text).toBe('SITREP AMS01 0312 1400 HOUSEHOLDS 18 PERSONS 51 URGENT 3 WATER 12 FOOD 9 MEDICATION 4 SAFE 5 TRACING 2 TOTAL 1816');
    expect(parseSitrep(text.toLowerCase().replace(/ /g, '\n  '), 22)).toEqual({ ok: true, figures, words: 22 });
  });

  it('accepts 1,000 clean messages and refuses each of 1,000 corrupted ones with the check that caught it', () => {
    const rng = createRng(2412);
    const caughtBy: Record<string, number> = {};
    let longest = 0;
    for (let index = 0; index < 1000; index++) {
      const figures = randomFigures(rng);
      const text = composeSitrep(figures);
      const words = sitrepWords(text).length;
      longest = Math.max(longest, words);
      const clean = parseSitrep(text, words);
      expect(clean.ok && clean.figures).toEqual(figures);
      const kind = (['digit', 'dropped', 'twice'] as const)[index % 3]!;
      const received = parseSitrep(corrupt(text, kind, rng), words);
      expect(received.ok, `${kind}: ${text}`).toBe(false);
      if (!received.ok) {
        expect(received.askAgain.length).toBeGreaterThan(0);
        caughtBy[`${kind}:${received.check}`] = (caughtBy[`${kind}:${received.check}`] ?? 0) + 1;
      }
    }
    expect(longest).toBeLessThanOrEqual(MAX_SITREP_WORDS);
    // A lost or doubled word is caught by the word count; a changed digit by the control total (or, in a date or
    // time, by the date or time no longer being one).
    expect(Object.keys(caughtBy).filter((key) => key.startsWith('dropped') || key.startsWith('twice'))).toEqual(['dropped:word-count', 'twice:word-count']);
    expect(caughtBy['digit:control-total']).toBeGreaterThan(250);
  });

  it('refuses a date that is no date and names the word to ask again for', () => {
    const refused = parseSitrep('SITREP AMS01 3102 1400 HOUSEHOLDS 1 PERSONS 1 URGENT 0 SAFE 0 TRACING 0 TOTAL 4504', 16);
    expect(refused).toMatchObject({ ok: false, check: 'format', askAgain: ['the date'] });
  });
});
