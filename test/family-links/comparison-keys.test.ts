import { describe, expect, it } from 'vitest';
import { birthYears, foldText, foldedReadings, makeComparisonKeys, nameKeys, normalisePhone, parseDob, phoneInText, splitSurname, variantKey, type PersonValues } from '../../src/family-links/index.js';
import variants from '../../src/family-links/name-variants.json' with { type: 'json' };

const EMPTY: PersonValues = { given: null, family: null, other: null, sex: null, dob: null, age: null, postcode: null, phone: null, freeText: null };

describe('foldText', () => {
  it('upper-cases without the locale and folds accents', () => {
    expect(foldText('Zoë Müller-Lüdenscheidt')).toBe('ZOE MULLER LUDENSCHEIDT');
    expect(foldText('François Çelik Şahin')).toBe('FRANCOIS CELIK SAHIN');
  });
  it('maps letters that decomposition leaves alone', () => {
    expect(foldText('Łukasz Wiśniewski')).toBe('LUKASZ WISNIEWSKI');
    expect(foldText('Straße')).toBe('STRASSE');
    expect(foldText('Yıldız')).toBe('YILDIZ');
    expect(foldText('Søren Đokić')).toBe('SOREN DOKIC');
    expect(foldText('Ĳsselmeer')).toBe('IJSSELMEER');
  });
  it('keeps apostrophes as one kind and drops other punctuation', () => {
    expect(foldText('in ’t Veld')).toBe("IN 'T VELD");
    expect(foldText('O.  Brien,')).toBe('O BRIEN');
  });
});

describe('foldedReadings', () => {
  it('transliterates Cyrillic with both the Ukrainian and the Russian convention', () => {
    expect(foldedReadings('Олександр')).toEqual(['OLEKSANDR']);
    const [ukrainian, russian] = foldedReadings('Дмитро Гнатюк');
    expect(ukrainian).toBe('DMYTRO HNATIUK');
    expect(russian).toBe('DMITRO GNATYUK');
  });
  it('gives one reading for Latin script', () => {
    expect(foldedReadings('Anna')).toEqual(['ANNA']);
  });
});

describe('splitSurname', () => {
  it('splits Dutch particles before or after the core surname', () => {
    expect(splitSurname(foldText('van der Berg'))).toEqual({ particles: ['VAN', 'DER'], core: ['BERG'] });
    expect(splitSurname(foldText('Berg, van der'))).toEqual({ particles: ['VAN', 'DER'], core: ['BERG'] });
    expect(splitSurname(foldText("in 't Veld"))).toEqual({ particles: ['IN', 'T'], core: ['VELD'] });
    expect(splitSurname(foldText('ter Horst'))).toEqual({ particles: ['TER'], core: ['HORST'] });
  });
  it('drops al- and el- from the key', () => {
    expect(splitSurname(foldText('Al-Masri')).core).toEqual(['MASRI']);
    expect(splitSurname(foldText('el Masri')).core).toEqual(['MASRI']);
  });
  it('keeps a name made only of particle words as its core', () => {
    expect(splitSurname(foldText('De')).core).toEqual(['DE']);
  });
});

describe('variantKey', () => {
  it('maps known spellings of one name to one key, from data', () => {
    for (const spelling of ['OLEKSANDR', 'ALEKSANDR', 'OLEXANDR', 'ALEXANDER']) expect(variantKey(spelling)).toBe('OLEKSANDR');
    for (const spelling of ['MOHAMMED', 'MUHAMMAD', 'MOHAMED']) expect(variantKey(spelling)).toBe('MOHAMMED');
    expect(variantKey('SANNE')).toBe('SANNE');
  });
  it('has each spelling in one group only', () => {
    const all = variants.groups.flat();
    expect(new Set(all).size).toBe(all.length);
  });
});

describe('nameKeys', () => {
  it('uses the other-names box and the second transliteration as alternates', () => {
    const keys = nameKeys('Дмитро', 'Гнатюк', 'Dima Gnatyuk');
    expect(keys.given).toEqual(['DMYTRO']);
    expect(keys.family).toEqual(['HNATIUK']);
    expect(keys.alternates).toEqual(expect.arrayContaining(['DMITRO', 'GNATYUK', 'DIMA']));
  });
});

describe('phones', () => {
  it('normalises Dutch numbers written in any format to E.164', () => {
    for (const written of ['0612345678', '+31 6 1234 5678', '0031612345678', '06-12345678']) expect(normalisePhone(written)).toBe('+31612345678');
  });
  it('keeps a foreign number with its country code, and the digits of an invalid one', () => {
    expect(normalisePhone('+380 67 123 4567')).toBe('+380671234567');
    expect(normalisePhone('06-1234567')).toBe('061234567');
    expect(normalisePhone('123')).toBeNull();
  });
  it('finds a phone number written in free text', () => {
    expect(phoneInText('DRAAGT RODE JAS TEL +31 6 1234 5678')).toBe('+31612345678');
    expect(phoneInText('DRAAGT RODE JAS')).toBeNull();
  });
});

describe('dates of birth and ages', () => {
  it('reads DDMMYYYY and refuses impossible dates', () => {
    expect(parseDob('03071985')).toBe('19850703');
    expect(parseDob('33071985')).toBeNull();
    expect(parseDob('0307198')).toBeNull();
  });
  it('turns a stated age into the two birth years it allows', () => {
    expect(birthYears(null, '040', 2026)).toEqual([1985, 1986]);
    expect(birthYears('19850703', '040', 2026)).toEqual([1985, 1985]);
    expect(birthYears(null, null, 2026)).toBeNull();
  });
});

describe('makeComparisonKeys', () => {
  it('makes every key of a person, PC4 and PC2 included', () => {
    const keys = makeComparisonKeys({ ...EMPTY, given: 'Anouk', family: 'van Dijk', dob: '12021990', postcode: '1012', phone: '0612345678', sex: 'f' }, 2026);
    expect(keys).toMatchObject({ given: ['ANOUK'], family: ['DIJK'], particles: ['VAN'], dob: '19900212', birthYears: [1990, 1990], pc4: '1012', pc2: '10', phone: '+31612345678', sex: 'f' });
  });
  it('takes the phone from the description when no phone box is filled in', () => {
    expect(makeComparisonKeys({ ...EMPTY, family: 'Bos', freeText: 'BEL 06 12345678' }, 2026).phone).toBe('+31612345678');
  });
  it('never changes the values it is given', () => {
    const values = { ...EMPTY, given: ' Zoë ', family: 'de Vries' };
    const copy = structuredClone(values);
    makeComparisonKeys(values, 2026);
    expect(values).toEqual(copy);
  });
});
