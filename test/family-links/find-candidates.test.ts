import { describe, expect, it } from 'vitest';
import { blockingKeys, comparePeople, compareWords, findCandidates, makeComparisonKeys, nameFrequencies, topCandidates, type FamilyLinkPerson, type PersonValues } from '../../src/family-links/index.js';

const EMPTY: PersonValues = { given: null, family: null, other: null, sex: null, dob: null, age: null, postcode: null, phone: null, freeText: null };
let nextSheet = 1;
function person(role: FamilyLinkPerson['role'], values: Partial<PersonValues>, site = '0101'): FamilyLinkPerson {
  return { sheetId: nextSheet++, side: role === 'sought' ? 'sought' : 'person', role, site, serial: nextSheet, keys: makeComparisonKeys({ ...EMPTY, ...values }, 2026) };
}
const NO_FREQUENCIES = new Map<string, number>();

describe('compareWords', () => {
  it('reaches the Splink levels in order', () => {
    expect(compareWords('JANSEN', 'JANSEN')).toBe('exact');
    expect(compareWords('OLEKSANDR', 'ALEXANDER')).toBe('variant');
    expect(compareWords('KOVALENKO', 'KOVALENKA')).toBe('jw92');
    expect(compareWords('SHEVCHENKO', 'SCHEVCHENKO')).toBe('jw88');
    expect(compareWords('PHILIPS', 'FILIPS')).toBe('phonetic');
    expect(compareWords('JANSEN', 'OZTURK')).toBe('different');
  });
});

describe('comparePeople', () => {
  it('matches given and family names written in each other boxes', () => {
    const x = person('sought', { given: 'Hnatiuk', family: 'Dmytro', age: '040' }).keys;
    const y = person('safe', { given: 'Dmytro', family: 'Hnatiuk', dob: '01021986' }).keys;
    const result = comparePeople(x, y, NO_FREQUENCIES);
    expect(result.swapped).toBe(true);
    expect(result.probability).toBeGreaterThan(0.9);
    expect(result.evidence.find((item) => item.field === 'dob')?.level).toBe('age-range');
  });
  it('weighs a common surname less than a rare one', () => {
    const x = person('sought', { given: 'Kees', family: 'Jansen' }).keys;
    const y = person('safe', { given: 'Kees', family: 'Jansen' }).keys;
    const rare = comparePeople(x, y, NO_FREQUENCIES).weight;
    const common = comparePeople(x, y, new Map([['JANSEN', 0.05]])).weight;
    expect(common).toBeLessThan(rare - 3);
  });
  it('finds a date of birth with one digit wrong, and tells a different year apart', () => {
    const x = person('sought', { family: 'Bos', dob: '12031980' }).keys;
    expect(comparePeople(x, person('safe', { family: 'Bos', dob: '12031986' }).keys, NO_FREQUENCIES).evidence.find((item) => item.field === 'dob')?.level).toBe('one-typo');
    expect(comparePeople(x, person('safe', { family: 'Bos', dob: '25121970' }).keys, NO_FREQUENCIES).evidence.find((item) => item.field === 'dob')?.level).toBe('different');
  });
});

describe('findCandidates', () => {
  it('ranks the true registration first among look-alikes, across sites and spellings', () => {
    const sought = person('sought', { given: 'Oleksandr', family: 'Kovalenko', age: '041', postcode: '1012' });
    const truth = person('safe', { given: 'Александр', family: 'Коваленко', dob: '05051985', postcode: '1012' }, '0202');
    const lookAlikes = [
      person('safe', { given: 'Olena', family: 'Kovalenko', dob: '07071985', postcode: '3511' }),
      person('safe', { given: 'Taras', family: 'Kovalenko', dob: '01011985' }),
      person('safe', { given: 'Oleksandr', family: 'Kovalenko', dob: '01011950', postcode: '9711' }),
    ];
    // Frequencies as in a workspace of thousands: Kovalenko common, Oleksandr fairly common.
    const frequencies = new Map([['KOVALENKO', 0.01], ['OLEKSANDR', 0.01], ['OLENA', 0.01], ['TARAS', 0.005]]);
    const candidates = findCandidates([sought, ...lookAlikes, truth], { frequencies });
    const top = topCandidates(candidates, 3).get(sought) ?? [];
    expect(top[0]?.b).toBe(truth);
    expect(top[0]?.likely).toBe(true);
    expect(top.slice(1).every((candidate) => !candidate.likely)).toBe(true);
  });
  it('flags one person registered at two sites and two enquirers after one person', () => {
    const first = person('safe', { given: 'Fatima', family: 'Al-Haddad', dob: '01011990', phone: '0612345678' }, '0101');
    const second = person('safe', { given: 'Fatma', family: 'Haddad', dob: '01011990', phone: '+31 6 12345678' }, '0303');
    const soughtOnce = person('sought', { given: 'Youssef', family: 'Nasser', age: '008' });
    const soughtTwice = person('sought', { given: 'Yusuf', family: 'Nasser', age: '009' });
    const kinds = findCandidates([first, second, soughtOnce, soughtTwice], { frequencies: NO_FREQUENCIES }).filter((candidate) => candidate.likely).map((candidate) => candidate.kind).sort();
    expect(kinds).toEqual(['registration-registration', 'seeker-seeker']);
  });
  it('compares only people sharing a blocking key (no all-pairs)', () => {
    const a = person('sought', { given: 'Sanne', family: 'Visser', dob: '01011990' });
    const b = person('safe', { given: 'Mehmet', family: 'Yilmaz', dob: '01011950' });
    expect(blockingKeys(a).some((key) => blockingKeys(b).includes(key))).toBe(false);
    expect(findCandidates([a, b])).toEqual([]);
  });
  it('counts name frequencies by variant', () => {
    const people = [person('safe', { family: 'Jansen' }), person('safe', { family: 'Janssen' }), person('safe', { family: 'Bos' }), person('safe', { family: 'Vos' })];
    expect(nameFrequencies(people).get('JANSEN')).toBe(0.5);
  });
});
